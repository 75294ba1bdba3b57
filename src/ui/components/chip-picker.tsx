import { useRef, useState } from 'preact/hooks';

const SHOWN = 8;

/**
 * A searchable multiple choice: the chosen values as chips, and a text field that filters the
 * rest (a combobox with a list box). Type to filter, arrows to move, Enter to add; Backspace in
 * the empty field takes the last chip back; Backspace or Delete on a chip's button, or a click on
 * it, removes that one.
 */
export function ChipPicker(props: {
  id: string;
  label: string;
  options: string[];
  value: string[];
  onChange: (values: string[]) => void;
  /** Says what happened, for screen readers (a polite live region on the page). */
  announce: (text: string) => void;
  /** Values to mark as having a problem. */
  invalid?: Set<string>;
}) {
  const { id, label, options, value, onChange, announce } = props;
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const chips = useRef<HTMLUListElement>(null);

  const q = query.trim().toLowerCase();
  const matches = options.filter((o) => !value.includes(o) && (!q || o.includes(q)));
  // An exact match comes first, so typing a whole name and Enter adds that one.
  matches.sort((a, b) => Number(b === q) - Number(a === q) || Number(b.startsWith(q)) - Number(a.startsWith(q)));
  const shown = matches.slice(0, SHOWN);
  const listId = `${id}-options`;
  const expanded = open && shown.length > 0;

  const add = (v: string) => {
    onChange([...value, v]);
    setQuery('');
    setActive(0);
    announce(`Added ${v} to ${label}.`);
    input.current?.focus();
  };
  const remove = (v: string, index: number) => {
    onChange(value.filter((x) => x !== v));
    announce(`Removed ${v} from ${label}.`);
    // Focus goes to the chip before it, or back to the field when none is left.
    setTimeout(() => {
      const buttons = chips.current?.querySelectorAll<HTMLButtonElement>('button');
      const next = buttons && buttons.length > 0 ? buttons[Math.max(0, Math.min(index - 1, buttons.length - 1))] : undefined;
      (next ?? input.current)?.focus();
    }, 0);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, Math.max(shown.length - 1, 0)));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      // Never submits the form from here: Enter adds.
      e.preventDefault();
      const pick = shown[Math.min(active, shown.length - 1)];
      if (open && pick) add(pick);
    } else if (e.key === 'Escape' && expanded) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    } else if (e.key === 'Backspace' && query === '' && value.length > 0) {
      e.preventDefault();
      remove(value[value.length - 1]!, value.length);
    }
  };

  return (
    <div class="field chip-field" data-picker={id}>
      <label for={id}>{label}</label>
      {value.length > 0 && (
        <ul class="chips" ref={chips} aria-label={`${label}: chosen`}>
          {value.map((v, i) => (
            <li key={v} class={props.invalid?.has(v) ? 'chip chip-invalid' : 'chip'} data-chip={v}>
              <span>{v}</span>
              <button
                type="button"
                aria-label={`Remove ${v}`}
                onClick={() => remove(v, i)}
                onKeyDown={(e) => {
                  if (e.key === 'Backspace' || e.key === 'Delete') {
                    e.preventDefault();
                    remove(v, i);
                  }
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="combo">
        <input
          id={id}
          ref={input}
          type="text"
          role="combobox"
          autoComplete="off"
          spellcheck={false}
          aria-autocomplete="list"
          aria-expanded={expanded ? 'true' : 'false'}
          aria-controls={listId}
          aria-activedescendant={expanded ? `${id}-option-${Math.min(active, shown.length - 1)}` : undefined}
          aria-describedby={`${id}-help`}
          value={query}
          onInput={(e) => {
            setQuery(e.currentTarget.value);
            setOpen(true);
            setActive(0);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
        <ul id={listId} role="listbox" aria-label={`${label}: suggestions`} class="options" hidden={!expanded}>
          {expanded &&
            shown.map((o, i) => (
              <li
                key={o}
                id={`${id}-option-${i}`}
                role="option"
                aria-selected={i === Math.min(active, shown.length - 1) ? 'true' : 'false'}
                // mousedown, not click: the field keeps the focus, so the list stays open.
                onMouseDown={(e) => {
                  e.preventDefault();
                  add(o);
                }}
              >
                {o}
              </li>
            ))}
        </ul>
      </div>
      <small id={`${id}-help`} class="muted">
        {open && matches.length > shown.length ? `${matches.length - shown.length} more match: keep typing. ` : ''}
        Type to filter, Enter to add; Backspace removes the last one.
      </small>
    </div>
  );
}
