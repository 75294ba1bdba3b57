#!/usr/bin/env node
// Sustained keep-alive load on one URL from its own process: C connections, each sending its next
// request as soon as the last answer arrived, for S seconds after a warm-up. Prints JSON:
// requests per second, latency percentiles in ms, errors.
// Usage: node bench/load.mjs <port> <path> <header:value>... [--connections C] [--seconds S]
import { Agent, request } from 'node:http';

const args = process.argv.slice(2);
const port = Number(args[0]);
const path = args[1];
const headers = {};
let connections = 16;
let seconds = 5;
for (let i = 2; i < args.length; i += 1) {
  if (args[i] === '--connections') connections = Number(args[(i += 1)]);
  else if (args[i] === '--seconds') seconds = Number(args[(i += 1)]);
  else {
    const at = args[i].indexOf(':');
    headers[args[i].slice(0, at)] = args[i].slice(at + 1);
  }
}
const agent = new Agent({ keepAlive: true, maxSockets: connections });
const latencies = [];
let errors = 0;
let measuring = false;
let stop = false;

function once() {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const req = request({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers }, agent }, (res) => {
      res.on('data', () => {});
      res.on('end', () => {
        if (measuring) {
          if (res.statusCode === 200) latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
          else errors += 1;
        }
        resolve();
      });
    });
    req.on('error', () => {
      if (measuring) errors += 1;
      resolve();
    });
    req.end();
  });
}

async function worker() {
  while (!stop) await once();
}

const workers = Array.from({ length: connections }, worker);
await new Promise((r) => setTimeout(r, 1000));
measuring = true;
const began = process.hrtime.bigint();
await new Promise((r) => setTimeout(r, seconds * 1000));
measuring = false;
const elapsed = Number(process.hrtime.bigint() - began) / 1e9;
stop = true;
await Promise.all(workers);
agent.destroy();
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
process.stdout.write(`${JSON.stringify({ rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1] ?? 0, errors, requests: latencies.length })}\n`);
