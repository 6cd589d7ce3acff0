import { formatTopicMatrix, topicMatrix } from "../capstone/topic-matrix.js";
import { loadStarters } from "../starter-registry.js";

/** `list --topics`: which starter covers which curriculum area, for assigning projects to teams. */
export async function listTopics(json: boolean): Promise<string> {
  const matrix = topicMatrix(await loadStarters());
  return json ? JSON.stringify(matrix, null, 2) : formatTopicMatrix(matrix);
}
