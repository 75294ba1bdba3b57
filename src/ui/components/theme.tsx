import { useEffect, useState } from 'preact/hooks';

type Theme = 'system' | 'light' | 'dark';
const KEY = 'agent-team-theme';
const NEXT: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' };

function stored(): Theme {
  const t = localStorage.getItem(KEY);
  return t === 'light' || t === 'dark' ? t : 'system';
}

/** Applies the saved theme as early as the bundle runs (there is no inline script to do it sooner). */
export function applyStoredTheme(): void {
  const t = stored();
  if (t === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = t;
}

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(stored);
  useEffect(() => {
    if (theme === 'system') {
      localStorage.removeItem(KEY);
      delete document.documentElement.dataset.theme;
    } else {
      localStorage.setItem(KEY, theme);
      document.documentElement.dataset.theme = theme;
    }
  }, [theme]);
  return (
    <button type="button" class="theme-toggle" onClick={() => setTheme(NEXT[theme])}>
      Theme: {theme}
      <span class="visually-hidden"> (switch to {NEXT[theme]})</span>
    </button>
  );
}
