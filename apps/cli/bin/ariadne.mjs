#!/usr/bin/env node
// Ariadne's command-line tool. No build step: tsx compiles the TypeScript sources on the fly.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv, process.env);
