// Documents the Relay compiler checks against schema.gql (test/relay.spec.ts): @connection needs the whole
// Connection spec (PageInfo's four fields, first/after and last/before), and @refetchable on Task (refetched through node(id:)) needs Node.
declare function graphql(strings: TemplateStringsArray): unknown;

export const tasksFragment = graphql`
  fragment TaskList_query on Query
  @argumentDefinitions(first: { type: "Int", defaultValue: 10 }, after: { type: "String" }, planCode: { type: "String" })
  @refetchable(queryName: "TaskListPaginationQuery") {
    tasks(first: $first, after: $after, planCode: $planCode) @connection(key: "TaskList_tasks") {
      totalCount
      edges {
        node {
          id
          code
          title
          status
        }
      }
    }
  }
`;

export const historyFragment = graphql`
  fragment TaskList_history on Task
  @argumentDefinitions(last: { type: "Int", defaultValue: 5 }, before: { type: "String" })
  @refetchable(queryName: "TaskHistoryPaginationQuery") {
    history(last: $last, before: $before) @connection(key: "TaskList_history") {
      edges {
        node {
          id
          version
          statusTo
          author
        }
      }
    }
  }
`;

export const query = graphql`
  query TaskListQuery($planCode: String) {
    ...TaskList_query @arguments(planCode: $planCode)
    taskByCode(planCode: "yrd-2024-2026", code: "R3-A6-03") {
      id
      code
      ...TaskList_history
    }
  }
`;
