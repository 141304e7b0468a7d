#!/usr/bin/env node
// The command line as one bundle (npm run build: tools/bundle.ts), so that it starts quickly.
import { main } from '../dist/bundle/main.js';
await main(process.argv.slice(2));
