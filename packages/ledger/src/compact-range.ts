/**
 * The root of a log fed one leaf at a time, in O(log n) memory: the stack of complete subtrees
 * on the log's right edge (a "compact range" starting at 0). For checking a tree of millions of
 * leaves streamed from a database without holding them.
 */
import { EMPTY_ROOT, hashChildren } from './merkle.ts';

export class RootAccumulator {
  readonly #stack: { hash: Buffer; size: number }[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  push(leafHash: Uint8Array): void {
    let node: { hash: Buffer; size: number } = { hash: Buffer.from(leafHash), size: 1 };
    while (this.#stack.length > 0 && this.#stack.at(-1)!.size === node.size) {
      const left = this.#stack.pop()!;
      node = { hash: hashChildren(left.hash, node.hash), size: left.size * 2 };
    }
    this.#stack.push(node);
    this.#size += 1;
  }

  /** MTH of the leaves pushed so far */
  root(): Buffer {
    if (this.#stack.length === 0) return EMPTY_ROOT;
    let root = this.#stack.at(-1)!.hash;
    for (let i = this.#stack.length - 2; i >= 0; i--) root = hashChildren(this.#stack[i]!.hash, root);
    return root;
  }
}
