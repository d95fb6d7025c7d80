// Expression evaluation with GitHub's own engine (@actions/expressions): contexts as case-insensitive dictionaries,
// the status functions (success, failure, always, cancelled) and hashFiles as extension functions.
import { hashFiles } from "./hash-files.mjs";

const contextNames = ["github", "env", "vars", "secrets", "inputs", "matrix", "strategy", "needs", "steps", "job", "runner", "jobs"];

export class Expressions {
  constructor(expressions) {
    this.x = expressions;
    this.d = expressions.data;
  }

  /** Plain JSON value → ExpressionData. */
  toData(value) {
    return JSON.parse(JSON.stringify(value ?? null), this.d.reviver);
  }

  /** ExpressionData → plain JSON value. */
  toJs(data) {
    return JSON.parse(JSON.stringify(data, this.d.replacer));
  }

  /** GitHub's string conversion of an expression result (null → "", booleans → "true"/"false"). */
  toStr(data) {
    return data.coerceString();
  }

  truthy(data) {
    switch (data.kind) {
      case this.d.Kind.Null: return false;
      case this.d.Kind.Boolean: return data.value;
      case this.d.Kind.Number: { const n = data.number(); return n !== 0 && !Number.isNaN(n); }
      case this.d.Kind.String: return data.coerceString().length > 0;
      default: return true;
    }
  }

  /**
   * Evaluates one expression (the text inside ${{ }}). `scope` holds the contexts (plain values) and `status`
   * the answers of the status functions: { success, failure, cancelled } booleans, plus `workspace` for hashFiles.
   */
  evaluate(expression, scope) {
    const { Lexer, Parser, Evaluator } = this.x;
    const status = scope.status ?? { success: true, failure: false, cancelled: false };
    const functions = new Map([
      ["success", { name: "success", minArgs: 0, maxArgs: 0, call: () => new this.d.BooleanData(status.success && !status.cancelled) }],
      ["failure", { name: "failure", minArgs: 0, maxArgs: 0, call: () => new this.d.BooleanData(status.failure) }],
      ["always", { name: "always", minArgs: 0, maxArgs: 0, call: () => new this.d.BooleanData(true) }],
      ["cancelled", { name: "cancelled", minArgs: 0, maxArgs: 0, call: () => new this.d.BooleanData(status.cancelled) }],
      ["hashfiles", {
        name: "hashFiles", minArgs: 1, maxArgs: 255,
        call: (...args) => {
          if (!scope.workspace) throw new Error("hashFiles is only available in steps (no workspace here)");
          return new this.d.StringData(hashFiles(scope.workspace, args.map(a => a.coerceString())));
        },
      }],
    ]);
    const tokens = new Lexer(expression).lex().tokens;
    const ast = new Parser(tokens, contextNames, [...functions.values()]).parse();
    const context = new this.d.Dictionary();
    for (const name of contextNames) {
      if (scope[name] !== undefined) context.add(name, this.toData(scope[name]));
    }
    return new Evaluator(ast, context, functions).evaluate();
  }
}
