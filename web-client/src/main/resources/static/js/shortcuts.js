// Keyboard shortcuts for the whole page. They keep out of the way: nothing fires while typing in a
// text field or a select (Escape leaves it), with Ctrl, Alt or Meta held (the browser's and the
// system's shortcuts win), on keys a focused control uses itself (Space on a button reached with the
// keyboard rather than clicked, arrows on a slider), or while a dialog is open.

const SEEK_S = 5;
const VOLUME_STEP = 0.05;
const NOT_TYPING = new Set(['range', 'checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'color']);

/** For the help dialog: keys and what they do. */
export const SHORTCUTS = [
  ['Space', 'Play or pause'],
  ['← →', `Seek ${SEEK_S} s back or forward`],
  ['Shift + ← →', 'Previous or next track'],
  ['↑ ↓', 'Volume up or down'],
  ['M', 'Mute'],
  ['S', 'Shuffle on or off'],
  ['R', 'Repeat: off, all, one'],
  ['/', 'Search'],
  ['?', 'This list'],
];

/**
 * @param actions {toggle, seekBy, next, prev, volumeBy, mute, shuffle, repeat, search, help}
 */
export function bindShortcuts(doc, actions) {
  // Which element the mouse (or a finger) focused last: Space there plays or pauses, while an
  // element reached with the keyboard keeps Space for itself.
  let lastInput = 'keyboard';
  let pointerFocused = null;
  doc.addEventListener('pointerdown', () => { lastInput = 'pointer'; }, true);
  doc.addEventListener('keydown', () => { lastInput = 'keyboard'; }, true);
  doc.addEventListener('focusin', e => { pointerFocused = lastInput === 'pointer' ? e.target : null; });
  // A button clicks on Space's keyup: once Space was a shortcut, its keyup must not click too.
  let spaceTaken = false;
  doc.addEventListener('keyup', e => {
    if (e.key === ' ' && spaceTaken) e.preventDefault();
    if (e.key === ' ') spaceTaken = false;
  });
  doc.addEventListener('keydown', e => {
    if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || e.isComposing) return;
    const target = e.target instanceof Element ? e.target : doc.body;
    if (target.closest('dialog[open]')) return;
    if (isTextEntry(target)) {
      if (e.key === 'Escape') target.blur();
      return;
    }
    const action = pick(e, target, target === pointerFocused);
    if (!action) return;
    e.preventDefault();
    if (e.key === ' ') spaceTaken = true;
    action(actions);
  });
}

function pick(e, target, pointerFocused) {
  const onSlider = target.matches('input[type=range]');
  switch (e.key) {
    case ' ':
      // A control reached with the keyboard keeps Space; one just clicked does not, or Space after
      // clicking a row's play button would start the song again.
      return target.closest('button, a, summary') && !pointerFocused ? null : a => a.toggle();
    case 'ArrowLeft':
      if (onSlider) return null;
      return e.shiftKey ? a => a.prev() : a => a.seekBy(-SEEK_S);
    case 'ArrowRight':
      if (onSlider) return null;
      return e.shiftKey ? a => a.next() : a => a.seekBy(SEEK_S);
    case 'ArrowUp':
      return onSlider ? null : a => a.volumeBy(VOLUME_STEP);
    case 'ArrowDown':
      return onSlider ? null : a => a.volumeBy(-VOLUME_STEP);
    case 'm': case 'M':
      return a => a.mute();
    case 's': case 'S':
      return a => a.shuffle();
    case 'r': case 'R':
      return a => a.repeat();
    case '/':
      return a => a.search();
    case '?':
      return a => a.help();
    default:
      return null;
  }
}

function isTextEntry(node) {
  if (node.isContentEditable) return true;
  if (node.tagName === 'TEXTAREA' || node.tagName === 'SELECT') return true;
  return node.tagName === 'INPUT' && !NOT_TYPING.has((node.type || 'text').toLowerCase());
}
