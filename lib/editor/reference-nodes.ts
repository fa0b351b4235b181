import { mergeAttributes, Node } from "@tiptap/core";
import { INDICATOR_REF, PROJECT_REF } from "./names";

/**
 * Inline chips that cite a tracked project or indicator. A chip stores only the entity's id; the
 * browser renders the live name and figures (node view), the server derives section links from it.
 */
function referenceNode(name: string, dataAttribute: string) {
  return Node.create({
    name,
    group: "inline",
    inline: true,
    atom: true,
    selectable: true,
    draggable: false,
    addAttributes() {
      return {
        id: {
          default: null,
          parseHTML: (element) => element.getAttribute(dataAttribute),
          renderHTML: (attributes) => ({ [dataAttribute]: attributes.id as string }),
        },
      };
    },
    parseHTML() {
      return [{ tag: `span[${dataAttribute}]` }];
    },
    renderHTML({ HTMLAttributes }) {
      return ["span", mergeAttributes(HTMLAttributes, { class: `reference-chip reference-chip-${name}` })];
    },
    renderText() {
      return "";
    },
  });
}

export const ProjectReference = referenceNode(PROJECT_REF, "data-project-ref");
export const IndicatorReference = referenceNode(INDICATOR_REF, "data-indicator-ref");
