import type { ExtractedSection } from "@/lib/pipeline/types";
import type { TextBudget } from "@/lib/pipeline/extract/guards";
import { keyLineSections, type KeyLine } from "@/lib/pipeline/extract/key-paths";
import { parseXml } from "@/lib/pipeline/extract/xml";

export interface XmlText {
  sections: ExtractedSection[];
  root: string;
  elements: number;
}

/**
 * Generic XML as `root.parent.element: text` lines (attributes as `element@name: value`), the
 * same chunk-friendly shape as JSON. Paths keep the last four element names: deep documents
 * would otherwise repeat their whole ancestry on every line.
 */
export function xmlText(xml: string, budget: TextBudget): XmlText {
  const lines: KeyLine[] = [];
  const stack: { name: string; text: string }[] = [];
  let root = "";
  let elements = 0;
  const pathOf = () => stack.slice(-4).map((e) => e.name).join(".");
  const top = () => stack[1]?.name ?? stack[0]?.name ?? "";
  parseXml(xml, "XML", {
    open: (tag) => {
      elements++;
      if (!root) root = tag.name;
      stack.push({ name: tag.name, text: "" });
      for (const [name, value] of Object.entries(tag.attributes)) {
        if (name.startsWith("xmlns") || !String(value).trim()) continue;
        lines.push({ top: top(), line: budget.take(`${pathOf()}@${name}: ${String(value).trim()}`) });
      }
    },
    text: (t) => {
      const current = stack[stack.length - 1];
      if (current) current.text += t;
    },
    close: () => {
      const text = stack[stack.length - 1]?.text.replace(/\s+/g, " ").trim();
      if (text) lines.push({ top: top(), line: budget.take(`${pathOf()}: ${text}`) });
      stack.pop();
    },
  });
  return { sections: keyLineSections(lines), root, elements };
}
