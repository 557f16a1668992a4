/** The doctor's report as text for people, or as JSON for scripts (--json); --redact applies to both. */
import type { DoctorReport } from './doctor.ts';
import { Redactor } from './redact.ts';

export interface RenderOptions {
  redact: boolean;
}

export function renderText(report: DoctorReport, options: RenderOptions): string {
  const blocks = report.messages.map((message) => {
    const lines = [message.view.render()];
    if (message.unreadable) lines.push(`  ! DOCTOR_INPUT_UNREADABLE: ${message.unreadable}`);
    for (const cause of message.causes) lines.push(`  ✗ ${cause.code}: ${cause.problem}`, `    fix: ${cause.fix}`);
    for (const note of message.notes) lines.push(`  · ${note}`);
    if (!message.unreadable && message.causes.length === 0) lines.push('  ✓ nothing wrong found');
    return lines.join('\n');
  });
  const summary =
    report.exitStatus === 2 ? 'result: nothing could be read (exit 2)'
    : report.exitStatus === 1 ? `result: ${report.causeCount} cause${report.causeCount === 1 ? '' : 's'} found in ${report.messages.length} message${report.messages.length === 1 ? '' : 's'} (exit 1)`
    : `result: nothing wrong found in ${report.messages.length} message${report.messages.length === 1 ? '' : 's'} (exit 0)`;
  const text = [...blocks, summary].join('\n\n') + '\n';
  return options.redact ? new Redactor().collect(report).apply(text) : text;
}

export function renderJson(report: DoctorReport, options: RenderOptions): string {
  const json = JSON.stringify(
    {
      exitStatus: report.exitStatus,
      causeCount: report.causeCount,
      messages: report.messages.map((message) => ({
        kind: message.kind,
        source: message.source,
        ...(message.unreadable ? { unreadable: message.unreadable } : {}),
        decoded: message.data,
        causes: message.causes,
        notes: message.notes,
      })),
    },
    null,
    2,
  );
  return (options.redact ? new Redactor().collect(report).apply(json) : json) + '\n';
}
