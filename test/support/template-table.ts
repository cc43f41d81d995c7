/**
 * Table tests in the style of Go's exec_test.go: rows {name, input, output, data}, output null meaning parsing or
 * execution must fail. Every row runs twice: as parsed, and after printing the parsed trees back to source and
 * parsing that again (the printed form must mean the same). Expected outputs come from the reference renderer.
 */
import type { Test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FuncMap } from '../../src/go/types.ts';
import { parse, TemplateExecError, TemplateSyntaxError, type MissingKey, type Template } from '../../src/template/mod.ts';
import { decodeTypedJSON } from './typed-json.ts';

/** The data every row sees unless it has its own (typed JSON, as in cases.json). */
export const DATA: unknown = {
  "A": "x",
  "B": 1.5,
  "Big": 1000000,
  "C": {
    "$int": 3
  },
  "U": {
    "$uint": 3
  },
  "T": true,
  "F": false,
  "Z": "",
  "E": [
    "a",
    null,
    1,
    true
  ],
  "Empty": [],
  "N": null,
  "G": {
    "$slice": "int",
    "items": [
      3,
      4,
      5
    ]
  },
  "H": {
    "$map": "string:int",
    "entries": [
      [
        "one",
        1
      ],
      [
        "two",
        2
      ]
    ]
  },
  "HN": {
    "$map": "string:int",
    "entries": [],
    "nil": true
  },
  "Y": {
    "$map": "int:string",
    "entries": [
      [
        10,
        "ten"
      ],
      [
        2,
        "two"
      ],
      [
        -1,
        "neg"
      ]
    ]
  },
  "W": {
    "$map": "string:string",
    "entries": [
      [
        "k",
        "v"
      ],
      [
        "e",
        ""
      ]
    ]
  },
  "M": {
    "b": 2,
    "a": {
      "c": [
        1,
        2
      ]
    },
    "n": null
  },
  "I": {
    "$struct": [
      [
        "A",
        "s"
      ],
      [
        "B",
        {
          "$int": 2
        }
      ],
      [
        "C",
        null,
        "any"
      ]
    ]
  },
  "J": {
    "$ptr": {
      "$struct": [
        [
          "V",
          "pv"
        ],
        [
          "N",
          {
            "$int": 7
          }
        ]
      ]
    }
  },
  "K": {
    "$nilptr": "int"
  },
  "PI": {
    "$ptr": {
      "$int": 23
    }
  },
  "Enum": {
    "$enum": "TPROXY",
    "value": 1
  },
  "Str": {
    "$stringer": "I am a stringer"
  },
  "Hold": {
    "$boolValue": null
  },
  "HoldT": {
    "$boolValue": true
  },
  "Tr": {
    "$tracing": null
  },
  "TrCA": {
    "$tracing": "ca.pem"
  },
  "Fn": {
    "$func": "concat2"
  },
  "ErrFn": {
    "$func": "errfunc"
  },
  "L": [
    {
      "name": "a",
      "port": 80
    },
    {
      "name": "b",
      "port": 8080
    }
  ],
  "Names": [
    "app",
    "istio-proxy",
    "side"
  ]
};

export interface Row {
  readonly name: string;
  readonly input: string;
  /** The exact output; null when Go fails (parse or execution). */
  readonly output: string | null;
  /** Typed JSON (cases.json encoding); defaults to the table's data. */
  readonly data?: unknown;
  readonly delims?: readonly [string, string];
  readonly missingkey?: MissingKey;
}

function options(row: Row, funcs: readonly FuncMap[]): Parameters<typeof parse>[1] {
  return {
    name: 't',
    funcs,
    ...(row.delims ? { delims: row.delims } : {}),
    ...(row.missingkey ? { missingkey: row.missingkey } : {}),
  };
}

/** All trees of a template as one source text: the other templates as {{define}}s, then this one. */
export function printSet(t: Template): string {
  let out = '';
  for (const name of t.names()) {
    if (name !== t.name) out += `{{define ${JSON.stringify(name)}}}${t.source(name) ?? ''}{{end}}`;
  }
  return out + (t.source() ?? '');
}

function run(row: Row, data: unknown, funcs: readonly FuncMap[]): { output: string } | { error: unknown } {
  try {
    return { output: parse(row.input, options(row, funcs)).execute(decodeTypedJSON(data)) };
  } catch (error) {
    return { error };
  }
}

/** Adds one test per row to the suite. */
export function addRows(suite: Test, rows: readonly Row[], data: unknown, funcs: readonly FuncMap[] = []): void {
  for (const row of rows) {
    const rowData = row.data === undefined ? data : row.data;
    suite(row.name, () => {
      const result = run(row, rowData, funcs);
      if (row.output === null) {
        assert.ok('error' in result, `expected an error, got ${JSON.stringify('output' in result ? result.output : '')}`);
        const error = (result as { error: unknown }).error;
        assert.ok(error instanceof TemplateSyntaxError || error instanceof TemplateExecError, `unexpected error class: ${String(error)}`);
        return;
      }
      if ('error' in result) throw result.error;
      assert.is(result.output, row.output);
      // The printed tree parses back to a template with the same behaviour.
      if (row.delims) return;
      const printed = printSet(parse(row.input, options(row, funcs)));
      const again = parse(printed, options({ ...row, input: printed }, funcs));
      assert.is(again.execute(decodeTypedJSON(rowData)), row.output, `after print: ${printed}`);
    });
  }
}
