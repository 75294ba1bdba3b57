// Preloaded with `node -r` by bench/run.mjs: at exit, prints this process's CPU time and peak
// memory on stderr, so a command and bare Node are measured the same way, inside the process.
process.on('exit', () => {
  const cpu = process.cpuUsage();
  const rss = process.resourceUsage().maxRSS;
  require('node:fs').writeSync(2, `\nagent-team-bench cpu=${cpu.user + cpu.system} rss=${rss}\n`);
});
