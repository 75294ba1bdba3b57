// Preloaded with --import by bench/run.mjs: reports the process's peak resident memory (KiB).
process.on('exit', () => {
  process.stderr.write(`agent-team-bench-rss=${process.resourceUsage().maxRSS}\n`);
});
