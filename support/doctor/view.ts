/** A decoded message as people read it: a title and indented "label  value" lines. */

export interface ViewLine {
  depth: number;
  label: string;
  value: string;
}

export class View {
  readonly lines: ViewLine[] = [];

  constructor(readonly title: string) {}

  line(label: string, value: string | null | undefined, depth = 1): this {
    if (value !== undefined && value !== null && value !== '') this.lines.push({ depth, label, value });
    return this;
  }

  render(): string {
    const width = Math.max(0, ...this.lines.map((line) => line.label.length + line.depth * 2));
    return [this.title, ...this.lines.map((line) => `${' '.repeat(line.depth * 2)}${line.label.padEnd(width - line.depth * 2)}  ${line.value}`)].join('\n');
  }
}
