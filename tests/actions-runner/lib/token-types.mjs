// The parser's template token types (workflow-parser's templates/tokens/types TokenType).
export const TokenType = Object.freeze({
  String: 0,
  Sequence: 1,
  Mapping: 2,
  BasicExpression: 3,
  InsertExpression: 4,
  Boolean: 5,
  Number: 6,
  Null: 7,
});
