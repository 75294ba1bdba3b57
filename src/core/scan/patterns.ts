// The patterns, over folded text (lower case, hidden characters gone, look-alikes mapped).
// Every quantifier is bounded or stands between literals, so a pattern costs at most a few
// hundred steps per start position: a megabyte line of one character cannot make one explode.
import type { RuleId } from './rules.js';
import type { Severity } from './types.js';
import { fold, rewrite, type Folded } from './unicode.js';

export interface PatternHit {
  rule: RuleId;
  severity: Severity;
  /** Index in the folded text. */
  index: number;
  /** Length of the match in the folded text. */
  length: number;
  message: string;
  /** Network and package patterns: ordinary in documentation, reported low outside scripts. */
  weak?: boolean;
  /** A credential path only counts in documentation when the same line reads or sends it. */
  needsAction?: boolean;
}

interface Pattern {
  rule: RuleId;
  /** Literals of which the text must hold one for the pattern to be tried: plain text skips most patterns. */
  hints: readonly string[];
  severity: Severity;
  re: RegExp;
  message: string;
  weak?: boolean;
  needsAction?: boolean;
}

const SHELL =
  String.raw`["']?(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+(?:\S+=\S*\s+)*)?(?:/usr/local/bin/|/usr/bin/|/bin/)?(?:(?:ba|z|da|k|fi|a)?sh|python[0-9.]*|perl|ruby|node|php|pwsh|powershell|iex|invoke-expression|source)\b`;
const DOWNLOADER = String.raw`(?:curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod|lwp-download|aria2c|httpie)`;

/** Something that writes a file: a redirect, tee, a copy, a write call. */
const WRITE = String.raw`(?:>>?|\btee\s+(?:-a\s+)?|\b(?:cp|mv|ln|install)\s|\b(?:appendfile|writefile)\w*\s*\(|\bopen\s*\(|\b(?:add-content|set-content|out-file)\s|\bsed\s+-i\b)`;

const p = (rule: RuleId, severity: Severity, hints: readonly string[], re: RegExp, message: string, extra: Partial<Pattern> = {}): Pattern => ({
  rule,
  severity,
  hints,
  re: new RegExp(re.source, 'g'),
  message,
  ...extra,
});

const CODE_PATTERNS: Pattern[] = [
  // -- downloaded code run
  p('pipe-to-shell', 'high', ['curl', 'wget', 'iwr', 'irm', 'invoke-', 'lwp-download', 'aria2c', 'httpie'], new RegExp(String.raw`\b${DOWNLOADER}\b(?:[^|\n]{0,300}\|){1,3}\s*${SHELL}`), 'pipes a download into a shell or interpreter'),
  p('pipe-to-shell', 'high', ['<('], new RegExp(String.raw`\b(?:(?:ba|z|da|k)?sh|source|\.)\s+(?:-s\s+)?<\(\s*${DOWNLOADER}\b`), 'runs a download through process substitution'),
  p('pipe-to-shell', 'high', ['$(', '`', '<('], new RegExp(String.raw`\b(?:(?:(?:ba|z|da|k)?sh|python[0-9.]*|perl|ruby|node|php)\s+-[ce]|eval|source)\s+["']?(?:\$\(|\x60|<\()\s*${DOWNLOADER}\b`), 'runs the output of a download'),
  p('pipe-to-shell', 'high', ['iex', 'invoke-expression'], /\b(?:iex|invoke-expression)\s*\(?\s*\(?\s*(?:new-object\s+(?:system\.)?net\.webclient|iwr|irm|invoke-webrequest|invoke-restmethod)\b/, 'runs a download with Invoke-Expression'),
  p('pipe-to-shell', 'high', ['downloadstring'], /\bdownloadstring\s*\([^\n]{0,300}?\b(?:iex|invoke-expression)\b/, 'runs a download with Invoke-Expression'),
  p('pipe-to-shell', 'high', ['downloadstring'], /\b(?:iex|invoke-expression)\b[^\n]{0,300}?\bdownloadstring\s*\(/, 'runs a download with Invoke-Expression'),
  p('pipe-to-shell', 'high', ['exec', 'eval'], /\b(?:exec|eval)\s*\([^\n]{0,200}?\b(?:urlopen|requests\.get|httpx\.get|urllib\.request|fetch|axios\.get)\s*\(/, 'executes content fetched from the network'),
  p('pipe-to-shell', 'high', ['function'], /\bnew\s+function\s*\([^\n]{0,200}?\bfetch\s*\(/, 'executes content fetched from the network'),
  p('pipe-to-shell', 'high', ['import', 'require'], /\b(?:import|require)\s*\(\s*["'\x60]https?:/, 'loads code from a URL'),
  p('pipe-to-shell', 'high', ['mshta', 'regsvr32', 'certutil', 'bitsadmin'], /\bmshta(?:\.exe)?\s+["']?(?:https?:|vbscript:|javascript:)|\bregsvr32(?:\.exe)?\b[^\n]{0,100}?\/i:https?:|\bcertutil(?:\.exe)?\b[^\n]{0,100}?-urlcache\b|\bbitsadmin(?:\.exe)?\s+\/transfer\b/, 'downloads and runs code with a Windows system tool'),
  p('pipe-to-shell', 'high', ['curl', 'wget'], new RegExp(String.raw`\b(?:curl|wget)\b[^\n;&|]{0,400}(?:&&|;|\|\|)\s*(?:sudo\s+)?(?:chmod\s+[+0-7a-z]*x|(?:ba|z|da)?sh\s+[^\s|&;-]|\./[^\s/]|python[0-9.]*\s+[^\s-]|source\s+\S)`), 'downloads a file and runs it'),

  // -- encoded code run
  p('obfuscated-exec', 'high', ['base64'], new RegExp(String.raw`\bbase64\s+(?:-[a-z]*d[a-z]*|--decode)\b(?:[^|\n]{0,300}\|){1,3}\s*${SHELL}`), 'pipes base64-decoded data into a shell'),
  p('obfuscated-exec', 'high', ['base64'], /\b(?:eval|exec|(?:ba|z|da)?sh\s+-c)\b[^\n]{0,300}?\bbase64\s+(?:-[a-z]*d[a-z]*|--decode)\b/, 'runs base64-decoded data'),
  p('obfuscated-exec', 'high', ['atob', 'buffer.from', 'b64decode', 'codecs.decode', 'fromhex', 'decompress', 'marshal.loads', '__import__'], /\b(?:eval|exec|function|compile|system|popen|spawn|execsync|call|run)\s*\(\s*(?:atob|buffer\.from|base64\.b64decode|b64decode|codecs\.decode|bytes\.fromhex|zlib\.decompress|marshal\.loads|__import__)\b/, 'executes decoded data'),
  p('obfuscated-exec', 'high', ['exec'], /\bexec\s*\([^\n]{0,120}?\b(?:b64decode|fromhex|decompress|rot13|rot_13)\b/, 'executes decoded data'),
  p('obfuscated-exec', 'high', ['powershell', 'pwsh'], /\b(?:powershell|pwsh)(?:\.exe)?\b[^\n]{0,200}?\s-(?:e|en|enc|enco|encod|encode|encoded|encodedcommand|ec)\s+[a-z0-9+/=]{16,}/, 'runs an encoded PowerShell command'),
  p('obfuscated-exec', 'high', ['frombase64string'], /\bfrombase64string\s*\([^\n]{0,300}?\b(?:iex|invoke-expression)\b|\b(?:iex|invoke-expression)\b[^\n]{0,300}?\bfrombase64string\s*\(/, 'runs base64-decoded PowerShell'),
  p('obfuscated-exec', 'high', ['xxd', 'rev', 'openssl', 'gunzip', 'zcat', 'bzcat', 'xzcat'], new RegExp(String.raw`\b(?:xxd\s+-r|rev|openssl\s+(?:enc|base64)\b[^\n|]{0,100}?\s-d|gunzip|zcat|bzcat|xzcat)\b(?:[^|\n]{0,300}\|){1,3}\s*${SHELL}`), 'pipes decoded or reversed text into a shell'),
  p('obfuscated-exec', 'high', ['printf'], new RegExp(String.raw`\bprintf\s+["']?(?:\\x[0-9a-f]{2}){4,}(?:[^|\n]{0,300}\|){1,3}\s*${SHELL}`), 'pipes hex-escaped text into a shell'),
  p('obfuscated-exec', 'high', ['python'], /\bpython[0-9.]*\s+-c\s+["']?\s*(?:import\s+base64|exec\s*\()/, 'runs an encoded Python one-liner'),

  // -- remote shells
  p('reverse-shell', 'high', ['/dev/'], /\/dev\/(?:tcp|udp)\/[^\s/]/, 'opens a raw network connection from the shell (/dev/tcp)'),
  p('reverse-shell', 'high', ['nc', 'netcat'], /\b(?:nc|ncat|netcat)\s[^\n]{0,200}?\s(?:-[a-z]*[ec]|--exec|--sh-exec)\s+\S/, 'netcat with a program attached to the connection'),
  p('reverse-shell', 'high', ['nc', 'telnet'], new RegExp(String.raw`\b(?:nc|ncat|netcat|telnet)\s(?:[^|\n]{0,300}\|){1,3}\s*${SHELL}`), 'network connection piped into a shell'),
  p('reverse-shell', 'high', ['mkfifo'], /\bmkfifo\b[^\n]{0,200}?\b(?:nc|ncat|netcat|telnet|openssl\s+s_client)\b/, 'named pipe wired to a network connection'),
  p('reverse-shell', 'high', ['socat'], /\bsocat\b[^\n]{0,200}?\b(?:exec|system):/, 'socat with a program attached to the connection'),
  p('reverse-shell', 'high', ['sh'], /\b(?:ba|z)?sh\s+-i\s*[0-9]*\s*>&/, 'interactive shell redirected to a connection'),
  p('reverse-shell', 'high', ['socket'], /\bsocket\b[^\n]{0,300}?\b(?:os\.dup2|pty\.spawn)\b/, 'socket wired to a shell'),
  p('reverse-shell', 'high', ['fsockopen', 'tcpsocket', '-rsocket', 'tcpclient'], /\b(?:fsockopen|tcpsocket\.(?:new|open))\s*\(|-rsocket\b|\bnet\.sockets\.tcpclient\b[^\n]{0,300}?\b(?:iex|invoke-expression|getstream)\b/, 'socket wired to a shell'),

  // -- credentials
  p('credential-read', 'high', ['.ssh'], /(?:~|\$home|\$\{home\}|%userprofile%|\$env:userprofile|\/root|\/home\/[^/\s]{1,40}|\/users\/[^/\s]{1,40})[/\\]\.ssh\b(?![/\\](?:[\w.-]{1,80}\.pub|known_hosts|config)\b)/, 'reads the SSH folder', { needsAction: true }),
  p('credential-read', 'high', ['id_'], /\bid_(?:rsa|dsa|ecdsa|ed25519)\b(?!\.pub)/, 'reads an SSH private key', { needsAction: true }),
  p('credential-read', 'high', ['.aws', 'aws_shared'], /\.aws[/\\](?:credentials|config)\b|\baws_shared_credentials_file\b/, 'reads AWS credentials', { needsAction: true }),
  p('credential-read', 'high', ['.config', 'application_default', '.azure', '.kube', '.docker'], /\.config[/\\](?:gh|gcloud|hub)\b|\bapplication_default_credentials\.json\b|\.azure[/\\]|\.kube[/\\]config\b|\.docker[/\\]config\.json\b/, 'reads CLI or cloud credentials', { needsAction: true }),
  p('credential-read', 'high', ['npmrc', 'netrc', 'pypirc', 'git-credentials', 'pgpass', 'vault-token'], /(?:^|[\s"'=:(/\\~])\.(?:npmrc|netrc|pypirc|git-credentials|pgpass|vault-token)\b|\b_netrc\b/, 'reads a credentials file', { needsAction: true }),
  p('credential-read', 'high', ['.gnupg', '.password-store', '.credentials.json', 'wallet.dat', 'keystore'], /\.gnupg\b|\.password-store\b|\.claude[/\\]\.credentials\.json\b|\bwallet\.dat\b|\.ethereum[/\\]keystore\b/, 'reads a key store', { needsAction: true }),
  p('credential-read', 'high', ['login data', 'cookies', 'key3.db', 'key4.db', 'logins.json'], /\b(?:login data|cookies\.sqlite|key[34]\.db|logins\.json)\b|(?:chrome|chromium|brave|firefox|mozilla)[/\\][^\n]{0,120}?\b(?:cookies|login data)\b/, 'reads browser credential stores', { needsAction: true }),
  p('credential-read', 'high', ['/proc/'], /\/proc\/(?:self|\d+|\$\$|\*)\/environ\b/, 'reads the process environment'),
  p('credential-read', 'high', ['security', 'keychain', 'secret-tool', 'kwallet', 'cmdkey', 'storedcredential', 'vaultcmd'], /\bsecurity\s+(?:find-generic-password|find-internet-password|dump-keychain|export)\b|\blibrary\/keychains\b|\blogin\.keychain\b|\bsecret-tool\s+(?:lookup|search)\b|\bkwallet-query\b|\bcmdkey\s+\/list\b|\bget-storedcredential\b|\bvaultcmd\b/, 'reads the system keychain'),
  p('credential-read', 'medium', ['env'], /\bjson\.stringify\s*\(\s*process\.env\s*\)|\bdict\s*\(\s*os\.environ\s*\)|\bos\.environ\.copy\s*\(\s*\)|\b(?:get-childitem|gci|dir|ls)\s+env:|(?:^|[;&|(\x60]\s*|\$\(\s*)(?:printenv|env)\s*(?:\||>)|^\s*(?:printenv|env)\s*$/, 'dumps the whole environment', { weak: true }),

  // -- persistence
  p('persistence', 'high', ['bash', 'zsh', 'zlogin', 'ksh', 'csh', 'profile', 'fish', '/etc/', 'autostart'], new RegExp(String.raw`${WRITE}[^\n|;&]{0,200}?(?:\.(?:bashrc|bash_profile|bash_login|zshrc|zprofile|zshenv|zlogin|kshrc|cshrc|tcshrc|profile)\b|config\.fish\b|\$profile\b|powershell_profile\.ps1\b|\/etc\/(?:profile|bash\.bashrc|zsh\/zshrc|zshrc|environment)\b|\.config\/autostart\b)`), 'writes to a shell profile'),
  p('persistence', 'high', ['crontab', '/etc/cron', '/var/spool/cron'], /(?:^|[;&|(\x60]\s*|\bsudo\s+|\$\(\s*)crontab\s+(?:-\s*(?:$|[;&|)])|-e\b|-r\b|-u\s+\S+\s+-e\b|[~./$a-z][^\s|;&]*\s*(?:$|[;&|)]))|\/etc\/cron(?:tab|\.d|\.daily|\.hourly|\.weekly|\.monthly)\b|\/var\/spool\/cron\b/, 'installs a cron job'),
  p('persistence', 'high', ['launchctl', 'launchagents', 'launchdaemons', 'systemctl', 'systemd', 'schtasks', 'scheduledtask', 'reg', 'startup'], /\blaunchctl\s+(?:load|bootstrap|submit|enable)\b|\blibrary\/launch(?:agents|daemons)\b|\bsystemctl\s+--user\s+(?:enable|start)\b|\.config\/systemd\/user\b|\bschtasks(?:\.exe)?\s+\/create\b|\bregister-scheduledtask\b|\breg(?:\.exe)?\s+add\s[^\n]{0,200}?\\run\b|\\start menu\\programs\\startup\b/, 'installs something that starts on its own'),
  p('persistence', 'high', ['.git', 'core.'], new RegExp(String.raw`(?:${WRITE}|\bchmod\s)[^\n|;&]{0,200}?\.git[/\\]hooks[/\\]|\bgit\s+config\b[^\n|;&]{0,100}?\bcore\.(?:hookspath|fsmonitor|sshcommand|pager|editor)\b`), 'installs a git hook or a command git runs'),
  p('persistence', 'high', ['.claude', '.mcp.json', 'claude.md'], new RegExp(String.raw`(?:${WRITE}|json\.dump|\bjq\s)[^\n|;&]{0,200}?(?:\.claude[/\\](?:settings(?:\.local)?\.json|agents[/\\]|skills[/\\]|commands[/\\]|rules[/\\])|\.claude\.json\b|\.mcp\.json\b|claude\.md\b)`), 'writes Claude Code configuration'),
  p('persistence', 'high', ['claude', 'permissions.allow', 'allow'], /\bclaude\s+mcp\s+add\b|(?:jq|sed\s+-i|json\.dump|writefile\w*\s*\()[^\n]{0,200}?\bpermissions\.allow\b|["']allow["']\s*:\s*\[\s*["']bash/, 'grants itself permissions or servers'),
  p('persistence', 'high', ['bash', 'zsh', 'profile', 'crontab', '.claude', 'permissions.allow', '.mcp.json', '.git', 'authorized_keys', 'launchagents'], /(?:^|[.!?:;]\s+|[-*>]\s+|\d+[.)]\s+|\b(?:and|then|please|now|also|must|should|first|next|finally|always)\s+)(?:add|append|write|insert|put|paste|save|place|register)\b[^\n]{0,160}?\b(?:to|into|in|under)\s+[^\n]{0,40}?(?:\.(?:bashrc|bash_profile|zshrc|zprofile|zshenv|profile)\b|\bcrontab\b|\.claude[/\\]settings(?:\.local)?\.json\b|\bpermissions\.allow\b|\.mcp\.json\b|\.git[/\\]hooks\b|\bauthorized_keys\b|\blaunchagents\b)/, 'tells the model to add itself to a profile, cron, hooks or settings'),
  p('persistence', 'high', ['authorized_keys'], /(?:>>|\btee\s+-a\s)[^\n]{0,200}?\bauthorized_keys\b/, 'adds an SSH key (a back door)'),

  // -- packages run from a registry
  p('remote-package', 'high', ['pip'], /\b(?:pip3?|uv\s+pip|python[0-9.]*\s+-m\s+pip)\s+install\b[^\n]{0,200}?(?:\bgit\+|https?:\/\/|--extra-index-url|--index-url|--trusted-host)/, 'installs a Python package from a URL', { weak: false }),
  p('remote-package', 'high', ['npm', 'pnpm', 'yarn', 'bun', 'npx'], /\b(?:npm|pnpm|yarn|bun)\s+(?:i|install|add)\b[^\n]{0,200}?\s(?:https?:\/\/|git\+|github:|git:\/\/)|\bnpx\s+(?:-\S+\s+)*(?:https?:\/\/|git\+|github:)/, 'installs a package from a URL', { weak: false }),
  p('remote-package', 'medium', ['npx'], /\bnpx\s+(?!--no-install\b|--offline\b|--no\b)(?:-(?:y|-yes|p|-package)\s+)?@?[a-z0-9]/, 'runs a package from the npm registry', { weak: true }),
  p('remote-package', 'medium', ['dlx', 'bunx', 'uvx', 'pipx'], /\b(?:pnpm|yarn)\s+dlx\s|\bbunx\s+[@a-z0-9]|\buvx\s+[a-z0-9]|\bpipx\s+run\s/, 'runs a package from a registry', { weak: true }),
  p('remote-package', 'medium', ['pip'], /\b(?:pip3?|python[0-9.]*\s+-m\s+pip)\s+install\s+(?!-r\b|-e\s+\.|\.)(?:-\S+\s+)*[a-z0-9]/, 'installs a Python package', { weak: true }),
  p('remote-package', 'medium', ['npm', 'go', 'deno', 'gem', 'cargo'], /\bnpm\s+(?:i|install|add)\s+(?:-\S+\s+)*@?[a-z0-9]|\bgo\s+(?:run|install)\s+\S+@|\bdeno\s+run\b[^\n]{0,200}?https?:|\bgem\s+install\s+[a-z]|\bcargo\s+install\s+[a-z]/, 'installs or runs a package from a registry', { weak: true }),

  // -- network
  p('network-access', 'medium', ['curl', 'wget', 'ncat', 'netcat', 'socat', 'telnet', 'invoke-', 'iwr', 'irm', 'nc'], /\b(?:curl|wget|ncat|netcat|socat|telnet|invoke-webrequest|invoke-restmethod|iwr|irm)\s|\bnc\s+(?:-\S+\s+)*[a-z0-9.]+\s+\d{2,5}\b/, 'reaches the network', { weak: true }),
  p('network-access', 'medium', ['fetch', 'axios', 'requests.', 'httpx', 'urlopen', 'urllib', 'http', 'net.', 'socket', 'smtplib', '.connect', 'websocket', 'xmlhttprequest', 'webclient'], /\b(?:fetch|axios(?:\.\w+)?|requests\.(?:get|post|put|patch|delete|request)|httpx\.\w+|urlopen|urllib\.request\.\w+|https?\.(?:request|get)|net\.(?:connect|createconnection)|socket\.(?:connect|create_connection)|smtplib\.smtp)\s*\(|\.connect\s*\(\s*\(|\bnew\s+(?:websocket|xmlhttprequest)\b|\bnet\.webclient\b/, 'reaches the network', { weak: true }),
  p('network-access', 'medium', ['dig', 'nslookup', 'host'], /\b(?:dig|nslookup|host)\s+[^\n]{0,100}?\$\{?[a-z_]/, 'DNS lookup of a name built from a variable (a way to send data)', { weak: true }),
];

/** Names of environment variables that hold secrets. */
const SECRET_VAR = /(?:\$\{?|process\.env\.|process\.env\[["']|os\.environ(?:\.get)?\s*[[(]\s*["']|os\.getenv\s*\(\s*["']|\$env:|env\[["']|%)([a-z0-9_]{0,60}?(?:token|secret|passwd|password|api_?key|_key|access_key|private_key|credentials?|auth)[a-z0-9_]{0,60})/g;
/** Something that sends data off the machine. */
const SENDER = /\b(?:curl|wget|nc|ncat|netcat|socat|telnet|scp|sftp|rsync|ftp|invoke-webrequest|invoke-restmethod|iwr|irm|sendmail|mail\s+-s)\b|\b(?:fetch|axios(?:\.\w+)?|requests\.(?:get|post|put|patch|request)|httpx\.\w+|urlopen|https?\.request|net\.connect|uploadstring|uploadfile)\s*\(|\/dev\/tcp\/|\b(?:dig|nslookup)\s|\bwebhook\b/;
const URL_HOST = /\bhttps?:\/\/([a-z0-9.-]{1,253})/g;

/** Hosts a token may legitimately go to: its own service. */
const OWN_HOSTS: ReadonlyArray<[RegExp, RegExp]> = [
  [/github|^gh_/, /(?:^|\.)github\.com$|(?:^|\.)githubusercontent\.com$/],
  [/gitlab/, /(?:^|\.)gitlab\.com$/],
  [/anthropic|claude/, /(?:^|\.)anthropic\.com$/],
  [/openai/, /(?:^|\.)openai\.com$/],
  [/npm/, /(?:^|\.)npmjs\.(?:org|com)$/],
  [/slack/, /(?:^|\.)slack\.com$/],
  [/huggingface|^hf_/, /(?:^|\.)huggingface\.co$/],
];

/** What reads or sends a file on the same line, for credential paths met in documentation. */
export const READ_OR_SEND = /\b(?:cat|less|head|tail|cp|scp|rsync|tar|zip|base64|xxd|od|strings|get-content|readfile\w*|read_text|read_bytes|readlines|file_get_contents|open|load|upload|send|post|curl|wget|print|echo|copy|attach|include|paste|exfiltrate|read|dump|grab|collect|steal|fetch)\b|<\s*[~$/]|@[~$/]/;

export function secretVarsIn(text: string): string[] {
  SECRET_VAR.lastIndex = 0;
  return [...text.matchAll(SECRET_VAR)].map((m) => m[1]!.toUpperCase()).filter((n) => n.length >= 3);
}

export function hasSender(text: string): boolean {
  return SENDER.test(text);
}

/** True when every URL on the line goes to the services the named tokens belong to. */
export function onlyOwnHosts(text: string, vars: readonly string[]): boolean {
  const hosts = [...text.matchAll(URL_HOST)].map((m) => m[1]!);
  if (hosts.length === 0) return false;
  return vars.every((v) => {
    const entry = OWN_HOSTS.find(([name]) => name.test(v.toLowerCase()));
    return entry !== undefined && hosts.every((h) => entry[1].test(h));
  });
}

/** Shell spelling tricks undone: $IFS as a space, empty quotes, backslashes inside words, brace lists. */
export function unobfuscate(f: Folded): Folded {
  let g = rewrite(f, /\$\{ifs[^}\s]{0,12}\}|\$ifs\b/g, () => ' ');
  g = rewrite(g, /''|""/g, () => '');
  g = rewrite(g, /(?<=[a-z0-9])\\(?=[a-z0-9])(?!x[0-9a-f]{2}|u[0-9a-f]{4}|[0-7]{3})/g, () => '');
  g = rewrite(g, /(?<=[a-z])["'](?=[a-z])/g, () => '');
  g = rewrite(g, /\{([^\s{},]{1,200}(?:,[^\s{},]{0,200}){1,20})\}/g, (m) => m[1]!.replace(/,/g, ' '));
  return g;
}

export function foldCode(s: string): Folded {
  return unobfuscate(fold(s));
}

/**
 * Every pattern needs a separator (space, punctuation, a slash); a long run of letters and digits
 * alone holds no command or sentence, and skipping it keeps a megabyte of `aaaa` cheap.
 */
const wordOnly = (text: string) => text.length > 200 && !/[^a-z0-9]/.test(text);

export function codeHits(text: string): PatternHit[] {
  const out: PatternHit[] = [];
  if (wordOnly(text)) return out;
  for (const pat of CODE_PATTERNS) {
    if (!pat.hints.some((h) => text.includes(h))) continue;
    pat.re.lastIndex = 0;
    for (let m = pat.re.exec(text); m; m = pat.re.exec(text)) {
      out.push({ rule: pat.rule, severity: pat.severity, index: m.index, length: m[0].length, message: pat.message, weak: pat.weak, needsAction: pat.needsAction });
      if (m[0].length === 0) pat.re.lastIndex++;
    }
  }
  const sender = hasSender(text);
  const cred = out.find((h) => h.rule === 'credential-read');
  if (cred && sender) {
    out.push({ rule: 'secret-exfiltration', severity: 'high', index: cred.index, length: cred.length, message: `${cred.message} and sends it over the network` });
  }
  const vars = secretVarsIn(text);
  if (vars.length > 0 && sender) {
    const own = onlyOwnHosts(text, vars);
    out.push({
      rule: 'secret-exfiltration',
      severity: own ? 'low' : 'high',
      index: Math.max(0, text.indexOf(vars[0]!.toLowerCase()) - 2),
      length: vars[0]!.length + 2,
      message: own
        ? `sends ${vars.join(', ')} to its own service`
        : `sends ${[...new Set(vars)].join(', ')} over the network`,
    });
  }
  return out;
}

// ---- prompt injection ----------------------------------------------------------------------

const INJECTION: Pattern[] = [
  p('prompt-injection', 'high', ['ignore', 'disregard', 'forget', 'override', 'bypass', 'skip'], /\b(?:ignore|disregard|forget|override|bypass|skip)\s+(?:(?:all|any|the|your|every|of|these|those)\s+){0,3}(?:previous|prior|preceding|above|earlier|former|original|existing|system|safety|security|developer|other)\s+(?:instructions?|prompts?|rules|directions|directives|guidelines|guidance|messages|context|constraints|guardrails|policies|orders)\b/, 'tells the model to drop its instructions'),
  p('prompt-injection', 'high', ['ignore', 'disregard', 'forget'], /\b(?:ignore|disregard|forget)\s+(?:(?:everything|all)\s+(?:you\s+(?:were|have\s+been)\s+told|above|before|else|prior)|what\s+you\s+(?:were|have\s+been)\s+told)\b/, 'tells the model to drop its instructions'),
  p('prompt-injection', 'high', ['disregard'], /\bdisregard\s+(?:the\s+|your\s+)?(?:system\s+prompt|system\s+message|user'?s?\s+(?:request|instructions)|safety)\b/, 'tells the model to drop its instructions'),
  p('prompt-injection', 'high', ['system', 'instructions'], /\b(?:your\s+)?(?:new|updated|real|actual|true)\s+(?:system\s+prompt|system\s+instructions|instructions\s+(?:are|follow))\b/, 'claims to replace the system prompt'),
  p('prompt-injection', 'high', ['tell', 'inform', 'notify', 'alert', 'warn', 'know'], /\b(?:do\s+not|don't|never|must\s+not)\s+(?:tell|inform|notify|alert|warn)\s+(?:this\s+to\s+)?(?:the\s+)?(?:user|human|operator)\b|\b(?:do\s+not|don't|never)\s+let\s+(?:the\s+)?(?:user|human)\s+know\b/, 'tells the model to hide something from the user'),
  p('prompt-injection', 'high', ['mention', 'reveal', 'disclose', 'report', 'say', 'explain', 'show'], /\b(?:do\s+not|don't|never|must\s+not)\s+(?:mention|reveal|disclose|report|say|explain|show)\s+(?:[\w'-]+\s+){1,4}?to\s+(?:the\s+)?(?:user|human|operator)\b/, 'tells the model to hide something from the user'),
  p('prompt-injection', 'high', ['keep', 'hide', 'without', 'must', 'should', 'need'], /\b(?:keep|hide)\s+(?:this|it|these|that|the\s+\w+)\s+(?:hidden\s+|secret\s+)?from\s+(?:the\s+)?(?:user|human|operator)\b|\bwithout\s+(?:the\s+)?(?:user|human|operator)(?:'s)?\s+(?:knowing|noticing|knowledge|seeing)\b|\b(?:the\s+)?(?:user|human)\s+(?:must|should|need)\s+(?:not|never)\s+(?:know|see|notice|find\s+out|be\s+told)\b/, 'tells the model to hide something from the user'),
  p('prompt-injection', 'high', ['silently', 'quietly', 'covertly', 'stealthily', 'secretly', 'discreetly'], /\b(?:silently|quietly|covertly|stealthily|secretly|discreetly)\s+(?:run|execute|send|upload|post|install|download|delete|remove|modify|copy|exfiltrate|read|add|write|forward|append|invoke|call|fetch|pipe|transmit|collect)\b/, 'tells the model to act without the user seeing'),
  p('prompt-injection', 'high', ['silently', 'quietly', 'covertly', 'secret', 'background'], /\b(?:run|execute|do|perform|send|install|invoke|call)\s+(?:(?:this|it|that|these|them|the\s+\w+|each\s+\w+)\s+){0,2}(?:silently|quietly|covertly|secretly|in\s+secret|in\s+the\s+background\s+without)\b/, 'tells the model to act without the user seeing'),
  p('prompt-injection', 'medium', ['without'], /\bwithout\s+(?:asking|confirming\s+with|checking\s+with|telling|notifying|informing|consulting|prompting)\s+(?:the\s+user|the\s+human)\b|\bwithout\s+asking\s+for\s+(?:permission|confirmation|approval)\b|\bwithout\s+(?:any|user|the\s+user's|asking\s+for)\s+(?:confirmation|consent|approval)\b/, 'tells the model to act without asking'),
  p('prompt-injection', 'high', ['exfiltrate'], /(?:^|[.!?:;]\s+|\b(?:and|then|please|must|should|now|also|quickly|first|always|will)\s+)exfiltrate\b/, 'tells the model to exfiltrate data'),
  p('prompt-injection', 'low', ['exfiltrat'], /\bexfiltrat\w*/, 'mentions exfiltration'),
  p('prompt-injection', 'high', ['send', 'post', 'upload', 'forward', 'transmit', 'leak', 'paste', 'include', 'append', 'attach', 'embed', 'report'], /\b(?:send|post|upload|forward|transmit|leak|paste|include|append|attach|embed|report)\s+(?:(?:all|the|its|their|any|your|every|of|whole|full|contents|content|values?|copy)\s+){0,4}(?:secrets?|credentials?|tokens?|api\s+keys?|private\s+keys?|ssh\s+keys?|passwords?|environment(?:\s+variables)?|env\s+vars?|\.env|conversation|chat\s+history|session\s+(?:history|transcript)|cookies)\b[^\n]{0,160}?(?:https?:\/\/|\bwebhook\b|\bgist\b|\bpastebin\b|\bngrok\b|\brequestbin\b|\bdiscord\b|\btelegram\b|\bthis\s+(?:url|endpoint|address)\b|\bthe\s+(?:following\s+)?(?:url|endpoint|server)\b)/, 'tells the model to send secrets somewhere'),
  p('prompt-injection', 'medium', ['now'], /\byou\s+are\s+now\s+(?:a|an|the|in|no\s+longer|free|dan|unrestricted|jailbroken|allowed|permitted|root|admin|operating)\b|\bfrom\s+now\s+on,?\s+you\s+(?:will|must|are|should)\b/, 'tries to give the model a new role'),
  p('prompt-injection', 'high', ['mode'], /\b(?:enter|enable|activate|switch\s+to)\s+(?:developer|god|dan|jailbreak|unrestricted|sudo)\s+mode\b/, 'tries to switch off the model’s rules'),
  p('prompt-injection', 'medium', ['system', 'im_', 'inst'], /<\s*\/?\s*(?:system|system_prompt|system-prompt|im_start|im_end)\s*>|<\|im_(?:start|end)\|>|\[\/?(?:system|inst)\]/, 'imitates the markup of a system or chat message'),
  p('prompt-injection', 'medium', ['approved', 'authori', 'agreed', 'consented', 'allowed', 'required', 'mandated'], /\b(?:this|the)\s+(?:action|command|step|request|operation|script)\s+(?:is|has\s+been)\s+(?:already\s+)?(?:pre-?approved|authori[sz]ed|approved)\b|\bthe\s+user\s+(?:has\s+)?(?:already\s+)?(?:agreed|approved|consented|authori[sz]ed|allowed)\b|\b(?:required|mandated)\s+by\s+(?:the\s+)?(?:security\s+team|anthropic|administrators?|admins?|it\s+department|compliance)\b/, 'claims an approval nobody gave'),
  p('prompt-injection', 'medium', ['system', 'hidden'], /\b(?:reveal|print|output|repeat|show|leak|dump|disclose)\s+(?:your|the)\s+(?:full\s+|entire\s+|hidden\s+)?(?:system\s+prompt|system\s+message|hidden\s+instructions)\b/, 'tries to extract the system prompt'),
  p('prompt-injection', 'high', ['instructions', 'commands', 'steps', 'directions', 'http'], /\b(?:follow|obey|execute|run|carry\s+out)\s+(?:the\s+|any\s+)?(?:instructions|commands|steps|directions)\s+(?:at|from|in|on)\s+(?:https?:|the\s+(?:url|link|page|gist|remote))|https?:\/\/\S{1,300}\s[^\n]{0,80}?\b(?:and|then)\s+(?:follow|obey|execute|do\s+what)\b/, 'tells the model to follow instructions fetched from the network'),
  p('prompt-injection', 'medium', ['sandbox', 'permission', 'safety', 'guardrails', 'security', 'confirmation', 'approval', 'dangerously', 'bypasspermissions'], /\b(?:disable|turn\s+off|bypass|circumvent|skip)\s+(?:the\s+|all\s+)?(?:sandbox|permission\s+(?:checks?|prompts?)|safety\s+checks?|guardrails|security\s+checks?|confirmations?|approval\s+prompts?)\b|--dangerously-skip-permissions\b|\bbypasspermissions\b/, 'tries to switch off the client’s safety checks'),
];

/** Words that address the model: hidden text that does is an instruction, not a note. */
export const ADDRESSES_MODEL = /\b(?:claude|assistant|the\s+ai|ai\s+(?:agent|assistant|model)|the\s+model|llm|language\s+model|system\s*:)/;
export const IMPERATIVE = /\b(?:must|should|always|never|run|execute|read|send|upload|ignore|do\s+not|don't|instead|remember|make\s+sure|you\s+will|you\s+are|use|open|fetch|call|install|write|delete|tell)\b/;

export function injectionHits(text: string): PatternHit[] {
  const out: PatternHit[] = [];
  if (wordOnly(text)) return out;
  for (const pat of INJECTION) {
    if (!pat.hints.some((h) => text.includes(h))) continue;
    pat.re.lastIndex = 0;
    for (let m = pat.re.exec(text); m; m = pat.re.exec(text)) {
      // Point at the phrase itself, not the separator some patterns start with.
      const lead = /^[\s.!?:;]*/.exec(m[0])![0].length;
      out.push({ rule: pat.rule, severity: pat.severity, index: m.index + lead, length: Math.max(1, m[0].length - lead), message: pat.message });
      if (m[0].length === 0) pat.re.lastIndex++;
    }
  }
  return out;
}

