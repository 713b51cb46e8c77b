/** Untyped CommonJS files of graphology-layout-forceatlas2 that the explorer's layout uses. */
declare module 'graphology-layout-forceatlas2/webworker.js' {
  /** installs the layout's message handler on `self` */
  const worker: (this: unknown) => void;
  export default worker;
}

declare module 'graphology-layout-forceatlas2/helpers.js' {
  import type Graph from 'graphology-types';
  /** writes the x and y of each node from the worker's node matrix into the graph */
  export function assignLayoutChanges(graph: Graph, nodeMatrix: Float32Array, outputReducer: null): void;
}
