// Evaluation of the parser's template tokens (literals, sequences, mappings, ${{ }} expressions) into plain values.
import { TokenType } from "./token-types.mjs";
import { blockScalarValue, splitExpressions } from "./scalar-source.mjs";

export class Templates {
  constructor(expressions) {
    this.ex = expressions;
  }

  /** A token → plain JSON value; expressions keep their type (an object stays an object). */
  value(token, scope) {
    if (token === undefined || token === null) return undefined;
    switch (token.templateTokenType) {
      case TokenType.String:
      case TokenType.Number:
      case TokenType.Boolean:
        return token.value;
      case TokenType.Null:
        return null;
      case TokenType.BasicExpression:
        return this.ex.toJs(this.ex.evaluate(token.expression, scope));
      case TokenType.Sequence:
        return [...token].map(t => this.value(t, scope));
      case TokenType.Mapping: {
        const out = {};
        for (const pair of token) {
          if (pair.key.templateTokenType === TokenType.InsertExpression) {
            throw new Error("${{ insert }} is not implemented by the local runner");
          }
          out[this.string(pair.key, scope)] = this.value(pair.value, scope);
        }
        return out;
      }
      case TokenType.InsertExpression:
        throw new Error("${{ insert }} is not implemented by the local runner");
      default:
        throw new Error(`unknown template token type ${token.templateTokenType}`);
    }
  }

  /** A token → string, with GitHub's conversion of an expression result (null → "", true → "true"). */
  string(token, scope) {
    if (token === undefined || token === null) return undefined;
    if (token.templateTokenType === TokenType.BasicExpression) {
      if (typeof token.source === "string" && token.source.includes("${{")) {
        const text = token.blockScalarHeader ? blockScalarValue(token.source, token.blockScalarHeader) : token.source;
        return splitExpressions(text).map(p => ("literal" in p ? p.literal : this.ex.toStr(this.ex.evaluate(p.expression, scope)))).join("");
      }
      return this.ex.toStr(this.ex.evaluate(token.expression, scope));
    }
    const v = this.value(token, scope);
    return v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
  }

  /** A condition token (`if:`) → boolean. */
  condition(token, scope) {
    if (token.templateTokenType !== TokenType.BasicExpression) return this.ex.truthy(this.ex.toData(this.value(token, scope)));
    return this.ex.truthy(this.ex.evaluate(token.expression, scope));
  }

  /** A mapping token of strings (env, with, outputs) → { key: string }, each value evaluated in turn by `scopeFor()`. */
  stringMap(token, scope) {
    const out = {};
    if (!token) return out;
    if (token.templateTokenType === TokenType.BasicExpression) {
      const v = this.value(token, scope);
      for (const [k, val] of Object.entries(v ?? {})) out[k] = val === null ? "" : typeof val === "object" ? JSON.stringify(val) : String(val);
      return out;
    }
    for (const pair of token) {
      out[this.string(pair.key, scope)] = this.string(pair.value, typeof scope === "function" ? scope(out) : scope) ?? "";
    }
    return out;
  }
}

/** A mapping token's entry by key, or undefined. */
export function field(mapping, key) {
  if (!mapping || mapping.templateTokenType !== TokenType.Mapping) return undefined;
  for (const pair of mapping) {
    if (pair.key.templateTokenType === TokenType.String && pair.key.value === key) return pair.value;
  }
  return undefined;
}

/** The keys of a mapping token (literal keys only). */
export function keys(mapping) {
  if (!mapping || mapping.templateTokenType !== TokenType.Mapping) return [];
  return [...mapping].map(p => p.key.value);
}
