/** Evidence bundles: writing them, rendering their custody report, verifying them offline. */
export { writeBundle, type BundleInput, type BundleItemInput, type BundleProgress, type WrittenBundle } from './write-bundle.ts';
export { buildManifest, type BundleAttachment, type BundleEvent, type BundleEventInput, type BundleItem, type BundleManifest } from './manifest.ts';
export { renderCustodyReport } from './custody-report.ts';
export { renderBundleReadme } from './bundle-readme.ts';
export * from './verify.ts';
