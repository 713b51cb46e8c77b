#!/usr/bin/env node
// Ariadne's command-line tool. No build step: tsx compiles the TypeScript sources on the fly.
import { register } from 'tsx/esm/api';

register();
// `ariadne export | head`: a closed pipe ends the command quietly, not with a stack trace
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv, process.env);
