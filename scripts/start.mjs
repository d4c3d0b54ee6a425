#!/usr/bin/env node
// `npm start`: install if needed, build, migrate, then run all five processes in this terminal with
// named, human-readable logs (LOG_FORMAT=json for the raw lines). Ctrl-C stops them all.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { announce, prepareStack } from './lib/prepare.mjs';
import { Stack } from './lib/stack.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = await prepareStack(root);

// One process dying takes the stack down: a half-running stack looks healthy and is not.
const stack = await Stack.create(root, env, () => stack.stopAll(1));
stack.startAll();
process.on('SIGINT', () => stack.stopAll(0));
process.on('SIGTERM', () => stack.stopAll(0));
await announce(env, () => stack.stopping);
