/**
 * The ForceAtlas2 layout's web worker, served as a same-origin file. graphology's supervisor
 * starts its worker from a blob: URL, which our Content-Security-Policy (script-src 'self', no
 * blob:) refuses; this file runs the library's own worker code unchanged instead.
 */
import runForceAtlas2Worker from 'graphology-layout-forceatlas2/webworker.js';

runForceAtlas2Worker.call(self);
