// The engine bundle: every command, loaded by boot.cts. Commands import what they need lazily.
export { main } from './cli/program.js';
