#!/usr/bin/env node
// The CLI is CommonJS in dist/ (see tsup.config.ts): the fastest way for Node 20 to start it.
require("../dist/cli.cjs");
