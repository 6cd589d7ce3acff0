/**
 * An answers file may be a project's own record (`.create-devops-py.json`): its
 * `answers` replay the same project. Anything else is taken as plain answers.
 */
export function unwrapAnswersRecord(data: Record<string, unknown>): Record<string, unknown> {
  const answers = data.answers;
  if (data.generator === "create-devops-py" && answers && typeof answers === "object" && !Array.isArray(answers)) {
    const { $schema: _schema, ...rest } = answers as Record<string, unknown>;
    return rest;
  }
  return data;
}
