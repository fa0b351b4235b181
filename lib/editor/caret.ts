import type { DecorationAttrs } from "@tiptap/pm/view";

type CaretUser = { name?: unknown; department?: unknown; color?: unknown };

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

function colorOf(user: CaretUser): string {
  return typeof user.color === "string" && HEX_COLOR.test(user.color) ? user.color : "#5c6470";
}

/** "name · department", from the identity the server stamped into the awareness state. */
export function caretLabel(user: CaretUser): string {
  const name = typeof user.name === "string" ? user.name : "";
  const department = typeof user.department === "string" ? user.department : "";
  return department ? `${name} · ${department}` : name;
}

/** Another person's caret: a coloured bar with their name and department above it. */
export function renderCaret(user: CaretUser): HTMLElement {
  const color = colorOf(user);
  const caret = document.createElement("span");
  caret.className = "remote-caret";
  caret.style.borderColor = color;
  caret.setAttribute("data-testid", "remote-caret");
  // Inside the editable text: not editable itself, and not read out as part of the text (the
  // section's presence row says who is there).
  caret.contentEditable = "false";
  caret.setAttribute("aria-hidden", "true");
  const label = document.createElement("span");
  label.className = "remote-caret-label";
  label.style.backgroundColor = color;
  label.textContent = caretLabel(user);
  caret.append(label);
  return caret;
}

/** Another person's selection: their colour, translucent. */
export function renderSelection(user: CaretUser): DecorationAttrs {
  return { nodeName: "span", class: "remote-selection", style: `background-color: ${colorOf(user)}33` };
}
