/**
 * sigs.k8s.io/yaml over go-yaml v2: expected values come from a Go program using gopkg.in/yaml.v2 2.4.0 (the go-yaml
 * v2 that sigs.k8s.io/yaml forks) exactly as sigs.k8s.io/yaml does — JSONToYAML = yaml.Unmarshal of the JSON then
 * yaml.Marshal; Unmarshal = yaml.Unmarshal, keys converted to strings as convertToJSONableObject does, then
 * json.Marshal + json.Unmarshal into interface{} — recorded here as literals.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { jsonToYAML, marshalYAML, resolveScalar, unmarshalYAML11, unmarshalYAML11Fast, yamlKeyLess, yamlScalarToString, YAMLError } from '../../src/go/yaml.ts';
import { UNSUPPORTED } from '../../src/go/yaml-fast.ts';
import { T, TC, named, ptrTo, structOf } from '../../src/go/types.ts';
import { GoError, GoValue, go } from '../../src/go/value.ts';

/** [JSON text, go-yaml v2 Marshal of it as sigs.k8s.io/yaml.JSONToYAML does, or ERR and the go-yaml error] */
const JSON_TO_YAML: [string, string][] = [
  ["{\"v\":\"\"}", "v: \"\"\n"],
  ["{\"v\":\" \"}", "v: ' '\n"],
  ["{\"v\":\"a\"}", "v: a\n"],
  ["{\"v\":\"true\"}", "v: \"true\"\n"],
  ["{\"v\":\"True\"}", "v: \"True\"\n"],
  ["{\"v\":\"TRUE\"}", "v: \"TRUE\"\n"],
  ["{\"v\":\"tRUE\"}", "v: tRUE\n"],
  ["{\"v\":\"yes\"}", "v: \"yes\"\n"],
  ["{\"v\":\"Yes\"}", "v: \"Yes\"\n"],
  ["{\"v\":\"no\"}", "v: \"no\"\n"],
  ["{\"v\":\"on\"}", "v: \"on\"\n"],
  ["{\"v\":\"off\"}", "v: \"off\"\n"],
  ["{\"v\":\"y\"}", "v: \"y\"\n"],
  ["{\"v\":\"n\"}", "v: \"n\"\n"],
  ["{\"v\":\"Y\"}", "v: \"Y\"\n"],
  ["{\"v\":\"N\"}", "v: \"N\"\n"],
  ["{\"v\":\"~\"}", "v: \"~\"\n"],
  ["{\"v\":\"null\"}", "v: \"null\"\n"],
  ["{\"v\":\"Null\"}", "v: \"Null\"\n"],
  ["{\"v\":\"NULL\"}", "v: \"NULL\"\n"],
  ["{\"v\":\"1\"}", "v: \"1\"\n"],
  ["{\"v\":\"1.20\"}", "v: \"1.20\"\n"],
  ["{\"v\":\"0755\"}", "v: \"0755\"\n"],
  ["{\"v\":\"0x1F\"}", "v: \"0x1F\"\n"],
  ["{\"v\":\"1e3\"}", "v: \"1e3\"\n"],
  ["{\"v\":\"1_000\"}", "v: \"1_000\"\n"],
  ["{\"v\":\".5\"}", "v: \".5\"\n"],
  ["{\"v\":\".inf\"}", "v: \".inf\"\n"],
  ["{\"v\":\"-.inf\"}", "v: \"-.inf\"\n"],
  ["{\"v\":\".nan\"}", "v: \".nan\"\n"],
  ["{\"v\":\"+1\"}", "v: \"+1\"\n"],
  ["{\"v\":\"-\"}", "v: '-'\n"],
  ["{\"v\":\"--\"}", "v: --\n"],
  ["{\"v\":\"---\"}", "v: '---'\n"],
  ["{\"v\":\"...\"}", "v: '...'\n"],
  ["{\"v\":\"- x\"}", "v: '- x'\n"],
  ["{\"v\":\"-x\"}", "v: -x\n"],
  ["{\"v\":\"*\"}", "v: '*'\n"],
  ["{\"v\":\"&a\"}", "v: '&a'\n"],
  ["{\"v\":\"!x\"}", "v: '!x'\n"],
  ["{\"v\":\"|\"}", "v: '|'\n"],
  ["{\"v\":\">\"}", "v: '>'\n"],
  ["{\"v\":\"'\"}", "v: ''''\n"],
  ["{\"v\":\"\\\"\"}", "v: '\"'\n"],
  ["{\"v\":\"%\"}", "v: '%'\n"],
  ["{\"v\":\"@\"}", "v: '@'\n"],
  ["{\"v\":\"`\"}", "v: '`'\n"],
  ["{\"v\":\"#x\"}", "v: '#x'\n"],
  ["{\"v\":\"a #b\"}", "v: 'a #b'\n"],
  ["{\"v\":\"a#b\"}", "v: a#b\n"],
  ["{\"v\":\"a: b\"}", "v: 'a: b'\n"],
  ["{\"v\":\"a:b\"}", "v: a:b\n"],
  ["{\"v\":\"a:\"}", "v: 'a:'\n"],
  ["{\"v\":\"?x\"}", "v: ?x\n"],
  ["{\"v\":\"? x\"}", "v: '? x'\n"],
  ["{\"v\":\":x\"}", "v: :x\n"],
  ["{\"v\":\",x\"}", "v: ',x'\n"],
  ["{\"v\":\"[x]\"}", "v: '[x]'\n"],
  ["{\"v\":\"{x}\"}", "v: '{x}'\n"],
  ["{\"v\":\"x]\"}", "v: x]\n"],
  ["{\"v\":\"a,b\"}", "v: a,b\n"],
  ["{\"v\":\"a{b\"}", "v: a{b\n"],
  ["{\"v\":\" x\"}", "v: ' x'\n"],
  ["{\"v\":\"x \"}", "v: 'x '\n"],
  ["{\"v\":\"a\\tb\"}", "v: \"a\\tb\"\n"],
  ["{\"v\":\"\\tx\"}", "v: \"\\tx\"\n"],
  ["{\"v\":\"\u00e9\"}", "v: \u00e9\n"],
  ["{\"v\":\"\ud83d\ude00\"}", "v: \"\\U0001F600\"\n"],
  ["{\"v\":\"\u00a0\"}", "v: \u00a0\n"],
  ["{\"v\":\"a\u00a0b\"}", "v: a\u00a0b\n"],
  ["{\"v\":\"\u0085\"}", "v: ' '\n"],
  ["{\"v\":\"a \u0085 b\"}", "v: a b\n"],
  ["{\"v\":\"a\u0085\u0085b\"}", "v: |-\n  a\n  b\n"],
  ["{\"v\":\"x\u0085\"}", "v: 'x '\n"],
  ["{\"v\":\"a\u0085\u0085\u0085b\"}", "v: |-\n  a\n\n  b\n"],
  ["{\"v\":\"a\u2028b\"}", "v: 'a\u2028  b'\n"],
  ["{\"v\":\"\ufeff\"}", "v: \"\\uFEFF\"\n"],
  ["{\"v\":\"\u007f\"}", "ERR yaml: control characters are not allowed"],
  ["{\"v\":\"\\u0001\"}", "v: \"\\x01\"\n"],
  ["{\"v\":\"\\u001b\"}", "v: \"\\e\"\n"],
  ["{\"v\":\"a\\\\b\"}", "v: a\\b\n"],
  ["{\"v\":\"a'b\"}", "v: a'b\n"],
  ["{\"v\":\"'a'\"}", "v: '''a'''\n"],
  ["{\"v\":\"a\\\"b\"}", "v: a\"b\n"],
  ["{\"v\":\"<<\"}", "v: <<\n"],
  ["{\"v\":\"=\"}", "v: =\n"],
  ["{\"v\":\"1:20\"}", "v: \"1:20\"\n"],
  ["{\"v\":\"190:20:30\"}", "v: \"190:20:30\"\n"],
  ["{\"v\":\"2020-01-01\"}", "v: \"2020-01-01\"\n"],
  ["{\"v\":\"2020-1-1\"}", "v: \"2020-1-1\"\n"],
  ["{\"v\":\"2020-13-01\"}", "v: 2020-13-01\n"],
  ["{\"v\":\"2020-02-30\"}", "v: 2020-02-30\n"],
  ["{\"v\":\"2020-02-29\"}", "v: \"2020-02-29\"\n"],
  ["{\"v\":\"2019-02-29\"}", "v: 2019-02-29\n"],
  ["{\"v\":\"2020-01-01 10:00:00\"}", "v: \"2020-01-01 10:00:00\"\n"],
  ["{\"v\":\"2020-01-01t10:00:00+01:00\"}", "v: \"2020-01-01t10:00:00+01:00\"\n"],
  ["{\"v\":\"2020-01-01T10:00:00.5Z\"}", "v: \"2020-01-01T10:00:00.5Z\"\n"],
  ["{\"v\":\"2020-01-01T25:00:00Z\"}", "v: 2020-01-01T25:00:00Z\n"],
  ["{\"v\":\"0b101\"}", "v: \"0b101\"\n"],
  ["{\"v\":\"0o17\"}", "v: \"0o17\"\n"],
  ["{\"v\":\"+.5\"}", "v: \"+.5\"\n"],
  ["{\"v\":\"-0\"}", "v: \"-0\"\n"],
  ["{\"v\":\"00\"}", "v: \"00\"\n"],
  ["{\"v\":\"08\"}", "v: \"08\"\n"],
  ["{\"v\":\"1.\"}", "v: \"1.\"\n"],
  ["{\"v\":\"1.2.3\"}", "v: 1.2.3\n"],
  ["{\"v\":\"1e\"}", "v: 1e\n"],
  ["{\"v\":\"0.\"}", "v: \"0.\"\n"],
  ["{\"v\":\"12345678901234567890123\"}", "v: \"12345678901234567890123\"\n"],
  ["{\"v\":\"9223372036854775808\"}", "v: \"9223372036854775808\"\n"],
  ["{\"v\":\"18446744073709551616\"}", "v: \"18446744073709551616\"\n"],
  ["{\"v\":\"Infinity\"}", "v: Infinity\n"],
  ["{\"v\":\"NaN\"}", "v: NaN\n"],
  ["{\"v\":\"nan\"}", "v: nan\n"],
  ["{\"v\":\"inf\"}", "v: inf\n"],
  ["{\"v\":\"-inf\"}", "v: -inf\n"],
  ["{\"v\":\"a b\"}", "v: a b\n"],
  ["{\"v\":\"a  b\"}", "v: a  b\n"],
  ["{\"v\":\"1 2\"}", "v: 1 2\n"],
  ["{\"v\":\"x:\"}", "v: 'x:'\n"],
  ["{\"v\":\"key: value\"}", "v: 'key: value'\n"],
  ["{\"v\":\"-1\"}", "v: \"-1\"\n"],
  ["{\"v\":\"- \"}", "v: '- '\n"],
  ["{\"v\":\"#\"}", "v: '#'\n"],
  ["{\"v\":\"a\\\\nb\"}", "v: a\\nb\n"],
  ["{\"v\":\"\u00e9t\u00e9 \u00e0 Paris\"}", "v: \u00e9t\u00e9 \u00e0 Paris\n"],
  ["{\"v\":\"\u03a9\"}", "v: \u03a9\n"],
  ["{\"v\":\"\u0080\"}", "ERR yaml: control characters are not allowed"],
  ["{\"v\":\"\ue000\"}", "v: \ue000\n"],
  ["{\"v\":\"\ufffd\"}", "v: \ufffd\n"],
  ["{\"v\":\"\ufffe\"}", "ERR yaml: control characters are not allowed"],
  ["{\"v\":\"a\u00ad\"}", "v: a\u00ad\n"],
  ["[\"\"]", "- \"\"\n"],
  ["[\" \"]", "- ' '\n"],
  ["[\"a\"]", "- a\n"],
  ["[\"true\"]", "- \"true\"\n"],
  ["[\"True\"]", "- \"True\"\n"],
  ["[\"TRUE\"]", "- \"TRUE\"\n"],
  ["[\"tRUE\"]", "- tRUE\n"],
  ["[\"yes\"]", "- \"yes\"\n"],
  ["[\"Yes\"]", "- \"Yes\"\n"],
  ["[\"no\"]", "- \"no\"\n"],
  ["[\"on\"]", "- \"on\"\n"],
  ["[\"off\"]", "- \"off\"\n"],
  ["[\"y\"]", "- \"y\"\n"],
  ["[\"n\"]", "- \"n\"\n"],
  ["[\"Y\"]", "- \"Y\"\n"],
  ["[\"N\"]", "- \"N\"\n"],
  ["[\"~\"]", "- \"~\"\n"],
  ["[\"null\"]", "- \"null\"\n"],
  ["[\"Null\"]", "- \"Null\"\n"],
  ["[\"NULL\"]", "- \"NULL\"\n"],
  ["{\"v\":\"a\\nb\"}", "v: |-\n  a\n  b\n"],
  ["{\"a\":{\"b\":[\"a\\nb\"]}}", "a:\n  b:\n  - |-\n    a\n    b\n"],
  ["{\"v\":\"a\\n\"}", "v: |\n  a\n"],
  ["{\"a\":{\"b\":[\"a\\n\"]}}", "a:\n  b:\n  - |\n    a\n"],
  ["{\"v\":\"a\\n\\n\"}", "v: |+\n  a\n\n"],
  ["{\"a\":{\"b\":[\"a\\n\\n\"]}}", "a:\n  b:\n  - |+\n    a\n\n"],
  ["{\"v\":\"\\na\"}", "v: |2-\n\n  a\n"],
  ["{\"a\":{\"b\":[\"\\na\"]}}", "a:\n  b:\n  - |2-\n\n    a\n"],
  ["{\"v\":\" a\\nb\"}", "v: |2-\n   a\n  b\n"],
  ["{\"a\":{\"b\":[\" a\\nb\"]}}", "a:\n  b:\n  - |2-\n     a\n    b\n"],
  ["{\"v\":\"a \\nb\"}", "v: \"a \\nb\"\n"],
  ["{\"a\":{\"b\":[\"a \\nb\"]}}", "a:\n  b:\n  - \"a \\nb\"\n"],
  ["{\"v\":\"a\\n b\"}", "v: |-\n  a\n   b\n"],
  ["{\"a\":{\"b\":[\"a\\n b\"]}}", "a:\n  b:\n  - |-\n    a\n     b\n"],
  ["{\"v\":\"a\\tb\\nc\"}", "v: \"a\\tb\\nc\"\n"],
  ["{\"a\":{\"b\":[\"a\\tb\\nc\"]}}", "a:\n  b:\n  - \"a\\tb\\nc\"\n"],
  ["{\"v\":\"\\n\"}", "v: |2+\n\n"],
  ["{\"a\":{\"b\":[\"\\n\"]}}", "a:\n  b:\n  - |2+\n\n"],
  ["{\"v\":\"a\\r\\nb\"}", "v: \"a\\r\\nb\"\n"],
  ["{\"a\":{\"b\":[\"a\\r\\nb\"]}}", "a:\n  b:\n  - \"a\\r\\nb\"\n"],
  ["{\"v\":\"line1\\nline2\\n\\n\\n\"}", "v: |+\n  line1\n  line2\n\n\n"],
  ["{\"a\":{\"b\":[\"line1\\nline2\\n\\n\\n\"]}}", "a:\n  b:\n  - |+\n    line1\n    line2\n\n\n"],
  ["{\"v\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\\ny y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y \"}", "v: \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\\ny\n  y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y\n  y y y y y y y y y y y y y y y y y y y \"\n"],
  ["{\"a\":{\"b\":[\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\\ny y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y \"]}}", "a:\n  b:\n  - \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\\ny\n    y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y\n    y y y y y y y y y y y y y y y y y y y y \"\n"],
  ["{\"v\":\"a\u2028b\\nc\"}", "v: |-\n  a\u2028  b\n  c\n"],
  ["{\"a\":{\"b\":[\"a\u2028b\\nc\"]}}", "a:\n  b:\n  - |-\n    a\u2028    b\n    c\n"],
  ["{\"v\":\"#!/bin/sh\\necho \\\"hi\\\"\\n\"}", "v: |\n  #!/bin/sh\n  echo \"hi\"\n"],
  ["{\"a\":{\"b\":[\"#!/bin/sh\\necho \\\"hi\\\"\\n\"]}}", "a:\n  b:\n  - |\n    #!/bin/sh\n    echo \"hi\"\n"],
  ["{\"v\":\"  indented\\nline\"}", "v: |2-\n    indented\n  line\n"],
  ["{\"a\":{\"b\":[\"  indented\\nline\"]}}", "a:\n  b:\n  - |2-\n      indented\n    line\n"],
  ["{\"v\":\"\u00e9\\n\ud83d\ude00\"}", "v: \"\u00e9\\n\\U0001F600\"\n"],
  ["{\"a\":{\"b\":[\"\u00e9\\n\ud83d\ude00\"]}}", "a:\n  b:\n  - \"\u00e9\\n\\U0001F600\"\n"],
  ["{\"v\":\"word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word\"}", "v: word word word word word word word word word word word word word word word word\n  word word word word word word word word word word word word word word\n"],
  ["{\"a\":{\"b\":[{\"c\":\"word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word\"}]}}", "a:\n  b:\n  - c: word word word word word word word word word word word word word word word\n      word word word word word word word word word word word word word word word\n"],
  ["{\"v\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}", "v: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"],
  ["{\"a\":{\"b\":[{\"c\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}]}}", "a:\n  b:\n  - c: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"],
  ["{\"v\":\"a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a\"}", "v: a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a\n"],
  ["{\"a\":{\"b\":[{\"c\":\"a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a\"}]}}", "a:\n  b:\n  - c: a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a  a\n"],
  ["{\"v\":\"'quoted word quoted word quoted word quoted word quoted word quoted word quoted word quoted word quoted word quoted word \"}", "v: '''quoted word quoted word quoted word quoted word quoted word quoted word quoted\n  word quoted word quoted word quoted word '\n"],
  ["{\"a\":{\"b\":[{\"c\":\"'quoted word quoted word quoted word quoted word quoted word quoted word quoted word quoted word quoted word quoted word \"}]}}", "a:\n  b:\n  - c: '''quoted word quoted word quoted word quoted word quoted word quoted word\n      quoted word quoted word quoted word quoted word '\n"],
  ["{\"v\":\"tab\\tword word word word word word word word word word word word word word word word word word word word word word word word word \"}", "v: \"tab\\tword word word word word word word word word word word word word word word\n  word word word word word word word word word word \"\n"],
  ["{\"a\":{\"b\":[{\"c\":\"tab\\tword word word word word word word word word word word word word word word word word word word word word word word word word \"}]}}", "a:\n  b:\n  - c: \"tab\\tword word word word word word word word word word word word word word\n      word word word word word word word word word word word \"\n"],
  ["{\"v\":\"true word word word word word word word word word word word word word word word word word word word word word word word word word \"}", "v: 'true word word word word word word word word word word word word word word word\n  word word word word word word word word word word '\n"],
  ["{\"a\":{\"b\":[{\"c\":\"true word word word word word word word word word word word word word word word word word word word word word word word word word \"}]}}", "a:\n  b:\n  - c: 'true word word word word word word word word word word word word word word\n      word word word word word word word word word word word '\n"],
  ["{\"v\":\"word word word word word word word word word word word word word word word   word word word word word word word word word word word word word word word\"}", "v: word word word word word word word word word word word word word word word   word\n  word word word word word word word word word word word word word word\n"],
  ["{\"a\":{\"b\":[{\"c\":\"word word word word word word word word word word word word word word word   word word word word word word word word word word word word word word word\"}]}}", "a:\n  b:\n  - c: word word word word word word word word word word word word word word word   word\n      word word word word word word word word word word word word word word\n"],
  ["{\"v\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c\"}", "v: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  b c\n"],
  ["{\"a\":{\"b\":[{\"c\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c\"}]}}", "a:\n  b:\n  - c: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n      b c\n"],
  ["{\"v\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c\"}", "v: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  b c\n"],
  ["{\"a\":{\"b\":[{\"c\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c\"}]}}", "a:\n  b:\n  - c: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n      b c\n"],
  ["{\"v\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c\"}", "v: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  b c\n"],
  ["{\"a\":{\"b\":[{\"c\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c\"}]}}", "a:\n  b:\n  - c: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n      b c\n"],
  ["{\"v\":\"\\\"w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w\"}", "v: '\"w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w\n  w w w w w w w w w w w w w w w w w w w w w'\n"],
  ["{\"a\":{\"b\":[{\"c\":\"\\\"w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w\"}]}}", "a:\n  b:\n  - c: '\"w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w\n      w w w w w w w w w w w w w w w w w w w w w w w'\n"],
  ["{\"v\":\"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9 x y\"}", "v: \u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\n  x y\n"],
  ["{\"a\":{\"b\":[{\"c\":\"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9 x y\"}]}}", "a:\n  b:\n  - c: \u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\n      x y\n"],
  ["{\"y\":\"v\",\"z\":[\"y\"]}", "\"y\": v\nz:\n- \"y\"\n"],
  ["{\"n\":\"v\",\"z\":[\"n\"]}", "\"n\": v\nz:\n- \"n\"\n"],
  ["{\"on\":\"v\",\"z\":[\"on\"]}", "\"on\": v\nz:\n- \"on\"\n"],
  ["{\"1\":\"v\",\"z\":[\"1\"]}", "\"1\": v\nz:\n- \"1\"\n"],
  ["{\"a b\":\"v\",\"z\":[\"a b\"]}", "a b: v\nz:\n- a b\n"],
  ["{\"a: b\":\"v\",\"z\":[\"a: b\"]}", "'a: b': v\nz:\n- 'a: b'\n"],
  ["{\"- a\":\"v\",\"z\":[\"- a\"]}", "'- a': v\nz:\n- '- a'\n"],
  ["{\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\":\"v\",\"z\":[\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\"]}", "? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\n: v\nz:\n- kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\n"],
  ["{\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\":\"v\",\"z\":[\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\"]}", "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: v\nz:\n- kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\n"],
  ["{\"multi\\nline\":\"v\",\"z\":[\"multi\\nline\"]}", "? |-\n  multi\n  line\n: v\nz:\n- |-\n  multi\n  line\n"],
  ["{\"null\":\"v\",\"z\":[\"null\"]}", "\"null\": v\nz:\n- \"null\"\n"],
  ["{\"\":\"v\",\"z\":[\"\"]}", "\"\": v\nz:\n- \"\"\n"],
  ["{\"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\":\"v\",\"z\":[\"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\"]}", "z:\n- \u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\n? \u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\n: v\n"],
  ["{\"x\\ty\":\"v\",\"z\":[\"x\\ty\"]}", "\"x\\ty\": v\nz:\n- \"x\\ty\"\n"],
  ["0", "0\n"],
  ["-0", "0\n"],
  ["1", "1\n"],
  ["-1", "-1\n"],
  ["1000000", "1000000\n"],
  ["1e+21", "1e+21\n"],
  ["1e-7", "1e-07\n"],
  ["0.5", "0.5\n"],
  ["123456789.5", "1.234567895e+08\n"],
  ["1.5e+300", "1.5e+300\n"],
  ["9007199254740993", "9007199254740993\n"],
  ["12345678901234567890", "12345678901234567890\n"],
  ["123456789012345678901234", "1.2345678901234569e+23\n"],
  ["-9223372036854775808", "-9223372036854775808\n"],
  ["-9223372036854775809", "-9.223372036854776e+18\n"],
  ["0.000001", "1e-06\n"],
  ["100", "100\n"],
  ["1.0", "1\n"],
  ["2.50", "2.5\n"],
  ["\"hello\"", "hello\n"],
  ["\"a\\nb\"", "|-\n  a\n  b\n"],
  ["null", "null\n"],
  ["true", "true\n"],
  ["{}", "{}\n"],
  ["[]", "[]\n"],
  ["[[]]", "- []\n"],
  ["[{}]", "- {}\n"],
  ["{\"a\":null,\"b\":true,\"c\":[null,1,\"x\"]}", "a: null\nb: true\nc:\n- null\n- 1\n- x\n"],
  ["[[\"a\",\"b\"],[\"c\"]]", "- - a\n  - b\n- - c\n"],
  ["[[[\"deep\"]]]", "- - - deep\n"],
  ["[{\"a\":1,\"b\":[1,2]},{\"c\":{\"d\":[]}}]", "- a: 1\n  b:\n  - 1\n  - 2\n- c:\n    d: []\n"],
  ["{\"resources\":{\"limits\":{\"cpu\":\"2000m\",\"memory\":\"1Gi\"},\"requests\":{\"cpu\":\"100m\"}}}", "resources:\n  limits:\n    cpu: 2000m\n    memory: 1Gi\n  requests:\n    cpu: 100m\n"],
  ["{\"list\":[{\"name\":\"a\",\"value\":\"1\"},{\"name\":\"b\"}]}", "list:\n- name: a\n  value: \"1\"\n- name: b\n"],
  ["{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":\"deep\"}}}}}", "a:\n  b:\n    c:\n      d:\n        e: deep\n"],
  ["{\"0\":19,\"1\":7,\"2\":9,\"10\":8,\"a10\":1,\"a2\":2,\"a1\":3,\"b\":4,\"A\":5,\"_x\":6,\"a-1\":10,\"a01\":11,\"a001\":12,\"a_b\":13,\"ab\":14,\"a.b\":15,\"\u00e9\":16,\"z\":17,\"Z\":18,\"00\":20,\"01\":21,\"x0\":22,\"x00\":23,\"x1\":24,\"x01\":25}", "_x: 6\n\"0\": 19\n\"00\": 20\n\"1\": 7\n\"01\": 21\n\"2\": 9\n\"10\": 8\nA: 5\nZ: 18\na-1: 10\na.b: 15\na_b: 13\na1: 3\na01: 11\na001: 12\na2: 2\na10: 1\nab: 14\nb: 4\nx0: 22\nx00: 23\nx1: 24\nx01: 25\nz: 17\n\u00e9: 16\n"],
  ["{\"k8s.io/x\":1,\"k8s.io/y\":2,\"app.kubernetes.io/name\":3,\"sidecar.istio.io/inject\":4,\"traffic.sidecar.istio.io/excludeInboundPorts\":5,\"proxy.istio.io/config\":6}", "app.kubernetes.io/name: 3\nk8s.io/x: 1\nk8s.io/y: 2\nproxy.istio.io/config: 6\nsidecar.istio.io/inject: 4\ntraffic.sidecar.istio.io/excludeInboundPorts: 5\n"],
  ["{\"x\":\"2020-01-01T10:00:00Z\",\"y\":\"v1.2.3\",\"z\":\"1.20.0\"}", "x: \"2020-01-01T10:00:00Z\"\n\"y\": v1.2.3\nz: 1.20.0\n"],
  ["{\"a\":[[\"x\",{\"k\":\"v\"}],{\"n\":[]}]}", "a:\n- - x\n  - k: v\n- \"n\": []\n"],
];
/** [YAML, sigs.k8s.io/yaml Unmarshal into interface{} re-marshalled to JSON by Go | null, error | null, strict error | null] */
const YAML_TO_JSON: [string, string | null, string | null, string | null][] = [
  ["a: 1\nb: [yes, no, on, off, y, n, Y, N, true, False, TRUE]\n", "{\"a\":1,\"b\":[true,false,true,false,true,false,true,false,true,false,true]}", null, null],
  ["a: 0x1F\nb: 017\nc: 1_000\nd: 1e3\ne: .5\nf: -.5\ng: +1\nh: 0b101\ni: 0o17\nj: 08\nk: 1.\nl: 00\nm: -0\nn: 12345678901234567890\no: 123456789012345678901234\np: 1:20\nq: 2020-01-01\nr: 2020-01-01T10:00:00Z\ns: 1.0\nt: 0.1\nu: -0b11\nv: 0x_1F\nw: 1__0\n", "{\"a\":31,\"b\":15,\"c\":1000,\"d\":1000,\"e\":0.5,\"f\":-0.5,\"false\":12345678901234567000,\"g\":1,\"h\":5,\"i\":15,\"j\":8,\"k\":1,\"l\":0,\"m\":0,\"o\":1.2345678901234569e+23,\"p\":\"1:20\",\"q\":\"2020-01-01\",\"r\":\"2020-01-01T10:00:00Z\",\"s\":1,\"t\":0.1,\"u\":-3,\"v\":31,\"w\":10}", null, null],
  ["a: ~\nb: null\nc:\nd: Null\ne: NULL\nf: \"\"\ng: ''\nh: \"true\"\ni: '1'\n", "{\"a\":null,\"b\":null,\"c\":null,\"d\":null,\"e\":null,\"f\":\"\",\"g\":\"\",\"h\":\"true\",\"i\":\"1\"}", null, null],
  ["a: 1\na: 2\n", "{\"a\":2}", null, "yaml: unmarshal errors:\n  line 2: key \"a\" already set in map"],
  ["a: 1\n---\nb: 2\n", "{\"a\":1}", null, null],
  ["", "null", null, null],
  ["# only a comment\n", "null", null, null],
  ["---\n", "null", null, null],
  ["a: &x [1, 2]\nb: *x\n", "{\"a\":[1,2],\"b\":[1,2]}", null, null],
  ["base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n", "{\"base\":{\"true\":2,\"x\":1},\"c\":{\"true\":3,\"x\":1}}", null, "yaml: unmarshal errors:\n  line 4: key true already set in map"],
  ["c:\n  y: 3\n  <<: {y: 4, z: 5}\n", "{\"c\":{\"true\":4,\"z\":5}}", null, "yaml: unmarshal errors:\n  line 3: key true already set in map"],
  ["c:\n  <<: [{a: 1}, {a: 2, b: 2}]\n", "{\"c\":{\"a\":1,\"b\":2}}", null, "yaml: unmarshal errors:\n  line 2: key \"a\" already set in map"],
  ["a: !!int \"12\"\nb: !!str 12\nc: !!float 1\nd: !!bool yes\n", "{\"a\":12,\"b\":\"12\",\"c\":1,\"d\":true}", null, null],
  ["a: !!int abc\n", null, "yaml: cannot decode !!str `abc` as a !!int", "yaml: cannot decode !!str `abc` as a !!int"],
  ["a: !custom 12\nb: !!binary aGVsbG8=\n", "{\"a\":\"12\",\"b\":\"hello\"}", null, null],
  ["1: a\n1.5: b\ntrue: c\n0x10: d\n123456789.5: e\n", "{\"1\":\"a\",\"1.2345679e+08\":\"e\",\"1.5\":\"b\",\"16\":\"d\",\"true\":\"c\"}", null, null],
  ["~: d\n", null, "unsupported map key of type: <nil>, key: <nil>, value: \"d\"", "unsupported map key of type: <nil>, key: <nil>, value: \"d\""],
  ["[1, 2]: x\n", null, "yaml: invalid map key: []interface {}{1, 2}", "yaml: invalid map key: []interface {}{1, 2}"],
  ["? {a: 1}\n: x\n", null, "yaml: invalid map key: map[interface {}]interface {}{\"a\":1}", "yaml: invalid map key: map[interface {}]interface {}{\"a\":1}"],
  ["a: [1\n", null, "yaml: line 1: did not find expected ',' or ']'", "yaml: line 1: did not find expected ',' or ']'"],
  ["a: b: c\n", null, "yaml: mapping values are not allowed in this context", "yaml: mapping values are not allowed in this context"],
  ["a:\n  - 1\n - 2\n", null, "yaml: line 2: did not find expected key", "yaml: line 2: did not find expected key"],
  ["\"unterminated\n", null, "yaml: line 2: found unexpected end of stream", "yaml: line 2: found unexpected end of stream"],
  ["a: .inf\n", null, "json: unsupported value: +Inf", "json: unsupported value: +Inf"],
  ["a: .nan\n", null, "json: unsupported value: NaN", "json: unsupported value: NaN"],
  ["k: |\n  line1\n  line2\nf: >\n  folded\n  text\n\n  para\n", "{\"f\":\"folded text\\npara\\n\",\"k\":\"line1\\nline2\\n\"}", null, null],
  ["list:\n- name: a\n  value: \"1\"\n- name: b\n", "{\"list\":[{\"name\":\"a\",\"value\":\"1\"},{\"name\":\"b\"}]}", null, null],
  ["a: \"\\u00e9\\x41\\t\"\nb: 'it''s'\n", "{\"a\":\"\u00e9A\\t\",\"b\":\"it's\"}", null, null],
  ["- 1\n- two\n- 3.5\n", "[1,\"two\",3.5]", null, null],
  ["plain", "\"plain\"", null, null],
  ["\"quoted\"", "\"quoted\"", null, null],
  ["12", "12", null, null],
  ["__proto__: {x: 1}\nconstructor: {prototype: {y: 2}}\n", "{\"__proto__\":{\"x\":1},\"constructor\":{\"prototype\":{\"true\":2}}}", null, null],
  ["a: &a\n  b: *a\n", null, "yaml: anchor 'a' value contains itself", "yaml: anchor 'a' value contains itself"],
  ["a: 18446744073709551615\n", "{\"a\":18446744073709552000}", null, null],
  ["18446744073709551615: x\n", null, "unsupported map key of type: uint64, key: 0xffffffffffffffff, value: \"x\"", "unsupported map key of type: uint64, key: 0xffffffffffffffff, value: \"x\""],
  ["a: 9223372036854775807\n", "{\"a\":9223372036854776000}", null, null],
  ["a: -9223372036854775808\n", "{\"a\":-9223372036854776000}", null, null],
  ["a: 2001-12-14t21:59:43.10-05:00\n", "{\"a\":\"2001-12-14t21:59:43.10-05:00\"}", null, null],
  ["a: 1e400\n", "{\"a\":\"1e400\"}", null, null],
  ["a: +.inf\n", null, "json: unsupported value: +Inf", "json: unsupported value: +Inf"],
  ["a: [.inf]\n", null, "json: unsupported value: +Inf", "json: unsupported value: +Inf"],
  ["x: 1\n...\n", "{\"x\":1}", null, null],
  ["%YAML 1.1\n---\na: yes\n", "{\"a\":true}", null, null],
  ["a: b\n\tc: d\n", null, "yaml: line 2: found a tab character that violates indentation", "yaml: line 2: found a tab character that violates indentation"],
];
/** [YAML scalar, the string sigs.k8s.io/yaml puts in a string-typed field] */
const TO_STRING: [string, string][] = [
  ["8080", "8080"],
  ["1.20", "1.2"],
  ["1.0", "1"],
  ["1e3", "1000"],
  ["123456789", "123456789"],
  ["123456789.0", "1.2345679e+08"],
  ["0.1", "0.1"],
  ["1e6", "1e+06"],
  ["1000000.0", "1e+06"],
  ["yes", "true"],
  ["off", "false"],
  ["true", "true"],
  ["~", ""],
  ["0x1F", "31"],
  ["\"quoted\"", "quoted"],
  ["text", "text"],
  ["18446744073709551615", "18446744073709551615"],
  ["1.5e300", "+Inf"],
  [".inf", "+Inf"],
  ["3.14159265358979", "3.1415927"],
];

/** JSON text with sorted keys (uvu's deep equality trips over own `constructor` keys). */
function canonical(x: unknown): string {
  if (Array.isArray(x)) return '[' + x.map(canonical).join(',') + ']';
  if (x !== null && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    return '{' + Object.keys(o).sort().map((k) => JSON.stringify(k) + ':' + canonical(o[k])).join(',') + '}';
  }
  return JSON.stringify(x);
}

// ---

const Marshal = suite('yaml.Marshal (JSON → go-yaml v2)');

Marshal('JSONToYAML table', () => {
  for (const [json, want] of JSON_TO_YAML) {
    let got: string;
    try {
      got = jsonToYAML(json);
    } catch (e) {
      assert.instance(e, GoError);
      got = 'ERR ' + (e as Error).message.replace('error converting JSON to YAML: ', '');
    }
    assert.is(got, want, `JSONToYAML(${JSON.stringify(json)})`);
  }
});

Marshal('go-template.md §10 examples', () => {
  assert.is(marshalYAML(go.anyMap({ resources: { limits: { cpu: '2000m' } } })), 'resources:\n  limits:\n    cpu: 2000m\n');
  assert.is(marshalYAML(go.anyMap({})), '{}\n');
  assert.is(marshalYAML(go.anyMap({ big: 1000000, f: 0.5 })), 'big: 1000000\nf: 0.5\n');
});

Marshal('typed values: struct fields come out in go-yaml key order, omitempty applies', () => {
  const Port = named('v1.ContainerPort', 'struct', {
    fields: [
      { name: 'Name', type: T.string, json: 'name', omitempty: true },
      { name: 'HostPort', type: T.int32, json: 'hostPort', omitempty: true },
      { name: 'ContainerPort', type: T.int32, json: 'containerPort' },
      { name: 'Protocol', type: T.string, json: 'protocol', omitempty: true },
    ],
  });
  assert.is(marshalYAML(new GoValue(Port, { containerPort: 8080, protocol: 'TCP' })), 'containerPort: 8080\nprotocol: TCP\n');
  assert.is(marshalYAML(new GoValue(ptrTo(Port), null)), 'null\n');
  assert.is(marshalYAML(new GoValue(TC.sliceString, ['a', 'yes'])), '- a\n- "yes"\n');
  assert.is(marshalYAML(new GoValue(structOf([{ name: 'F', type: T.float64 }]), { F: 1e-7 })), 'F: 1e-07\n');
});

Marshal('errors', () => {
  try {
    marshalYAML(go.float64(NaN));
    assert.unreachable();
  } catch (e) {
    assert.is((e as Error).message, 'error marshaling into JSON: json: unsupported value: NaN');
  }
  try {
    marshalYAML(go.string('\x7f'));
    assert.unreachable();
  } catch (e) {
    assert.is((e as Error).message, 'error converting JSON to YAML: yaml: control characters are not allowed');
  }
});

// go-yaml's key comparison is not transitive for digit runs with leading zeros followed by letters (a00b, a0b,
// a1, a001 form a cycle), so Go's order for such sets depends on map iteration order; the tables avoid them.
Marshal('key order', () => {
  const keys = ['a10', 'a2', 'a1', 'b', 'A', '_x', '1', '10', '2', 'a01', 'a001'];
  assert.equal([...keys].sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0)), ['_x', '1', '2', '10', 'A', 'a1', 'a01', 'a001', 'a2', 'a10', 'b']);
});

Marshal.run();

// ---

const Unmarshal = suite('yaml.Unmarshal (go-yaml v2, YAML 1.1)');

Unmarshal('sigs.k8s.io/yaml table', () => {
  for (const [yaml, want, err, strictErr] of YAML_TO_JSON) {
    let got: unknown;
    let gotErr: string | null = null;
    try {
      got = unmarshalYAML11(yaml);
    } catch (e) {
      assert.instance(e, GoError);
      gotErr = (e as Error).message;
    }
    const label = `Unmarshal(${JSON.stringify(yaml)})`;
    if (err === null) {
      assert.is(gotErr, null, label);
      assert.is(canonical(got), canonical(JSON.parse(want as string)), label);
    } else {
      // Syntax errors are the yaml package's (text and line differ from libyaml's); the others must match.
      assert.ok(gotErr !== null, `${label} should fail with ${err}`);
      if (err.startsWith('yaml: line ')) assert.ok((gotErr as string).startsWith('yaml: line '), `${label}: ${gotErr} vs ${err}`);
      else if (!err.startsWith('yaml: mapping values')) assert.is(gotErr, err, label);
    }
    let strictGot: string | null = null;
    try {
      unmarshalYAML11(yaml, { strict: true });
    } catch (e) {
      strictGot = (e as Error).message;
    }
    if (strictErr !== null && strictErr.startsWith('yaml: unmarshal errors')) assert.is(strictGot, strictErr, `strict ${label}`);
    else assert.is(strictGot === null, strictErr === null, `strict ${label}: ${strictGot}`);
  }
});

Unmarshal('sigs.k8s.io/yaml table through the fast reader: Go\'s result whenever it answers, never on errors', () => {
  let answered = 0;
  for (const [yaml, want, err] of YAML_TO_JSON) {
    const label = `fast Unmarshal(${JSON.stringify(yaml)})`;
    const got = unmarshalYAML11Fast(yaml);
    if (got === UNSUPPORTED) continue;
    answered++;
    assert.is(err, null, `${label} answered where Go fails with ${err}`);
    assert.is(canonical(got), canonical(JSON.parse(want as string)), label);
  }
  assert.ok(answered > YAML_TO_JSON.length / 3, `the fast reader answered only ${answered} of ${YAML_TO_JSON.length}`);
});

Unmarshal('__proto__ keys are own data properties', () => {
  const o = unmarshalYAML11('__proto__: {polluted: 1}\n') as Record<string, unknown>;
  assert.is(Object.getPrototypeOf(o), Object.prototype);
  assert.ok(Object.hasOwn(o, '__proto__'));
  assert.is(({} as Record<string, unknown>)['polluted'], undefined);
});

Unmarshal('alias bombs are refused', () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const cur = String.fromCharCode(97 + i);
    lines.push(`${cur}: &${cur} [${Array(9).fill('*' + prev).join(',')}]`);
  }
  try {
    unmarshalYAML11(lines.join('\n') + '\n');
    assert.unreachable();
  } catch (e) {
    assert.instance(e, YAMLError);
    assert.is((e as Error).message, 'yaml: document contains excessive aliasing');
  }
});

Unmarshal('errors carry the line', () => {
  try {
    unmarshalYAML11('a: b\n\tc: d\n');
    assert.unreachable();
  } catch (e) {
    assert.instance(e, YAMLError);
    assert.is((e as YAMLError).line, 2);
  }
});

Unmarshal('a long line of errors is reported in linear time (yaml\'s pretty errors were quadratic: 19 s for 256 KB)', () => {
  const text = '{xxxxxxxxxxxxxxxxxxxxxxxxxend }}'.repeat(8000);
  const started = Date.now();
  try {
    unmarshalYAML11(text);
    assert.unreachable();
  } catch (e) {
    assert.instance(e, YAMLError);
    assert.is((e as YAMLError).message, 'yaml: line 1: Unexpected flow-map-end token in YAML stream: "}"');
  }
  assert.ok(Date.now() - started < 10_000, 'it must not take seconds per kilobyte');
});

Unmarshal('typed scalars', () => {
  const v = unmarshalYAML11('i: 8080\nf: 1.20\nu: 18446744073709551615\nb: yes\ninf: .inf\n', { typed: true }) as Record<string, GoValue | boolean>;
  assert.is((v['i'] as GoValue).t, T.int);
  assert.is((v['f'] as GoValue).t, T.float64);
  assert.is((v['u'] as GoValue).t, T.uint64);
  assert.is(v['b'], true);
  assert.is((v['inf'] as GoValue).v, Infinity);
});

Unmarshal('resolveScalar', () => {
  assert.equal(resolveScalar('yes'), { tag: 'bool', value: true });
  assert.equal(resolveScalar('0x1F'), { tag: 'int', value: 31, text: '31' });
  assert.equal(resolveScalar('1e3'), { tag: 'float', value: 1000 });
  assert.equal(resolveScalar('2020-01-01'), { tag: 'timestamp', value: '2020-01-01' });
  assert.equal(resolveScalar('1:20'), { tag: 'str', value: '1:20' });
});

Unmarshal.run();

// ---

const ToString = suite('yamlScalarToString');

ToString('what a string-typed field receives', () => {
  for (const [scalar, want] of TO_STRING) {
    const v = unmarshalYAML11('v: ' + scalar + '\n', { typed: true }) as Record<string, unknown>;
    assert.is(yamlScalarToString(v['v']), want, scalar);
  }
});

ToString.run();
