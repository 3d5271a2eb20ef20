import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

const READ = /^\s*(select|with)\b/i;

/**
 * Counts the statements that may write, as this process sends them through Kysely. Readers of
 * derived copies (the response cache's change feed) compare counts to know that this process
 * changed something since they last looked.
 */
export class WriteCounter implements KyselyPlugin {
  count = 0;

  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    const reads = node.kind === 'SelectQueryNode' || (node.kind === 'RawNode' && READ.test(node.sqlFragments[0] ?? ''));
    if (!reads) this.count++;
    return node;
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}
