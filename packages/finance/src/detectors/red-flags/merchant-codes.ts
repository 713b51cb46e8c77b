/**
 * Merchant category codes (ISO 18245, as the card schemes publish them) the red flags look for.
 * Entries are single codes or inclusive ranges; detectors take them as parameters so an
 * institution can widen or narrow a list without code changes.
 */

/** 7311 advertising services, 4816 computer network / information services (web hosting), 5967 direct marketing inbound teleservices, 5968 continuity / subscription, 5969 other direct marketers */
export const ADVERTISING_MCC = ['7311', '4816', '5967', '5968', '5969'] as const;

/** 7011 hotels, motels, resorts; 7012 timeshares; 3501-3999 lodging chains */
export const LODGING_MCC = ['7011', '7012', '3501-3999'] as const;

/** 3000-3299 airlines, 4511 air carriers, 4112 passenger rail, 4131 bus lines, 4111 commuter transport, 4121 taxis / limousines */
export const TRAVEL_MCC = ['3000-3299', '4511', '4112', '4131', '4111', '4121'] as const;

/** 6513 real estate agents and managers: rentals */
export const HOUSING_MCC = ['6513'] as const;

/** 3351-3441 car rental chains, 7512 automobile rental, 7513 truck rental */
export const VEHICLE_RENTAL_MCC = ['3351-3441', '7512', '7513'] as const;

/** 5411 grocery stores and supermarkets, 5422 freezer and meat lockers, 5499 misc. food stores, 5300 wholesale clubs */
export const BULK_FOOD_MCC = ['5411', '5422', '5499', '5300'] as const;

/** 6540 stored-value card purchase / load (prepaid access) */
export const PREPAID_MCC = ['6540'] as const;

/** 6051 quasi-cash: money orders, foreign currency, virtual currency purchases */
export const QUASI_CASH_MCC = ['6051'] as const;

/** 9311 tax payments */
export const TAX_MCC = ['9311'] as const;

/** 5814 fast food, 5912 drug stores and pharmacies, 5631 women's accessory and specialty shops (lingerie), 5977 cosmetic stores, 7230 beauty shops */
export const UPKEEP_RETAIL_MCC = ['5814', '5912', '5631', '5977', '7230'] as const;
