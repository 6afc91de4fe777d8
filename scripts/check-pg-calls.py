#!/usr/bin/env python3
"""Static check of the C++/PostgreSQL boundary rule (extension/pg_boundary.hpp):

    No object with a destructor is alive inside a pg_call: a PostgreSQL error longjmps
    out of the lambda and skips its destructors.

What runs inside a pg_call is the body of each lambda given to pg_call(...) or
pg_call_in(..., ...), and the body of each function marked with a comment line
"Runs inside pg_call" just above it. In those bodies the check refuses:
  * any std:: name (a std::string, std::vector, ... local or temporary);
  * a call to a function of the extension that is not itself marked "Runs inside
    pg_call" (its body is then checked too; method calls, value.f(), are not
    followed: they are on values the caller owns), and a call to a callable parameter
    (OnRow&& on_row, F&& fn, ...): such C++ runs inside the pg_call unseen. The one
    exception is pg_call_in's own forwarding of fn, whose lambdas are checked at
    their call sites; it is marked "pg-call-check: forwards".
A function marked "Calls its callback inside pg_call" may call its callable parameter
inside its pg_call; then every lambda given to it is checked as a pg_call lambda.
So a callback that builds C++ values runs outside pg_call, calling PostgreSQL through
pg_call itself (as scan_catalog in catalog.cpp does), and the rule stays checkable.

Usage: scripts/check-pg-calls.py [files...]   (default: extension/**/*.cpp, *.hpp)
       scripts/check-pg-calls.py --self-test   (the check finds the known bad patterns)
Exit status 1 with one line per finding when the rule is broken.
"""
import glob
import os
import re
import sys

MARK = "Runs inside pg_call"
CALLBACK_MARK = "Calls its callback inside pg_call"
FORWARDS = "pg-call-check: forwards"
KEYWORDS = {"if", "for", "while", "switch", "return", "sizeof", "catch", "case", "static_cast",
            "reinterpret_cast", "const_cast", "decltype", "defined", "alignof", "constexpr"}


def strip_comments_and_strings(text):
    """Blanks out comments and string/char literals, keeping offsets and newlines."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            for k in range(i, j):
                out[k] = " "
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            for k in range(i, j):
                if text[k] != "\n":
                    out[k] = " "
            i = j
        elif text[i] in "\"'":
            quote = text[i]
            j = i + 1
            while j < n and text[j] != quote:
                j += 2 if text[j] == "\\" else 1
            for k in range(i + 1, min(j, n)):
                out[k] = " "
            i = j + 1
        else:
            i += 1
    return "".join(out)


def matching_brace(code, open_index):
    depth = 0
    for i in range(open_index, len(code)):
        if code[i] == "{":
            depth += 1
        elif code[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    return len(code) - 1


def matching_paren(code, open_index):
    depth = 0
    for i in range(open_index, len(code)):
        if code[i] == "(":
            depth += 1
        elif code[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return len(code) - 1


DEFINITION = re.compile(r"^[ \t]{0,2}(?!return\b)[\w:<>,\*& ]*?[\w>\*&]\s+[\*&]?(?:\w+::)?(\w+)\s*\([^;{}]*\)\s*"
                        r"(?:const\s*)?(?:noexcept\s*)?(?:->\s*[\w:<>\*]+\s*)?\{", re.M)
CALLABLE_PARAMETER = re.compile(r"[(,]\s*[A-Z]\w*\s*&&\s*(\w+)\s*[,)]")


def project_functions(sources):
    """Function names defined in the extension, those marked as running inside pg_call,
    and those marked as calling their callback inside pg_call."""
    defined, marked, with_callback = set(), set(), set()
    for path, (raw, code) in sources.items():
        for match in DEFINITION.finditer(code):
            name = match.group(1)
            if name in KEYWORDS:
                continue
            defined.add(name)
            start = raw.rfind("\n", 0, match.start())
            comment = raw[max(0, start - 600):match.start()].split("\n")
            # the comment block just above the definition
            block = []
            for line in reversed(comment[:-1] if comment and comment[-1].strip() == "" else comment):
                if line.strip().startswith("//"):
                    block.append(line)
                elif (line.strip() == "" or line.strip().startswith("template")) and not block:
                    continue
                else:
                    break
            if any(MARK in line for line in block):
                marked.add(name)
            if any(CALLBACK_MARK in line for line in block):
                with_callback.add(name)
    return defined, marked, with_callback


def check_body(path, raw, code, start, end, what, defined, marked, callables, problems, callback_ok=False):
    body = code[start:end + 1]
    line_of = lambda offset: raw.count("\n", 0, start + offset) + 1
    for match in re.finditer(r"\bstd::\w+", body):
        problems.append(f"{path}:{line_of(match.start())}: {match.group(0)} inside {what}")
    forwards = FORWARDS in raw[start:end + 1]
    for match in re.finditer(r"(?<![\w:])(\w+)\s*\(", body):
        name = match.group(1)
        member = re.search(r"(\.|->)\s*$", body[max(0, match.start() - 3):match.start()])
        if name in KEYWORDS or member:  # a method of a value the caller owns: not checked
            continue
        if name in callables and not forwards and not callback_ok:
            problems.append(f"{path}:{line_of(match.start())}: callable parameter {name}() called inside {what}")
        elif name in defined and name not in marked and name not in ("pg_call", "pg_call_in"):
            problems.append(f"{path}:{line_of(match.start())}: {name}() (not marked '{MARK}') called inside {what}")
        elif name in ("pg_call", "pg_call_in"):
            problems.append(f"{path}:{line_of(match.start())}: {name} nested inside {what}")


def check(paths):
    sources = {}
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            raw = handle.read()
        sources[path] = (raw, strip_comments_and_strings(raw))
    defined, marked, with_callback = project_functions(sources)
    problems = []
    for path, (raw, code) in sources.items():
        callables = set(CALLABLE_PARAMETER.findall(code))
        # the function definition each offset is in (for the callback mark)
        definitions = [(m.start(), matching_brace(code, m.end() - 1), m.group(1)) for m in DEFINITION.finditer(code)]

        def enclosing(offset):
            inside = [name for start, end, name in definitions if start <= offset <= end]
            return inside[-1] if inside else None

        entry = "|".join(["pg_call", "pg_call_in"] + sorted(with_callback))
        for match in re.finditer(r"\b(" + entry + r")\s*\(", code):
            # the definitions themselves: "auto pg_call(F&& fn)", "void for_each_row(..." ...
            if re.search(r"\b(auto|void)\s+$", code[max(0, match.start() - 20):match.start()]):
                continue
            lambda_start = code.find("[", match.end())
            brace = code.find("{", lambda_start)
            if lambda_start < 0 or brace < 0:
                continue
            if match.group(1) not in ("pg_call", "pg_call_in"):
                # a lambda given to a function that calls it inside pg_call, if any
                close = matching_paren(code, match.end() - 1)
                if lambda_start > close:
                    continue
            end = matching_brace(code, brace)
            what = "a pg_call lambda" if match.group(1) in ("pg_call", "pg_call_in") else \
                f"a callback of {match.group(1)}() ('{CALLBACK_MARK}')"
            check_body(path, raw, code, brace, end, what, defined, marked, callables, problems,
                       callback_ok=enclosing(match.start()) in with_callback)
        for match in DEFINITION.finditer(code):
            if match.group(1) in marked:
                brace = match.end() - 1
                end = matching_brace(code, brace)
                check_body(path, raw, code, brace, end, f"{match.group(1)}() ('{MARK}')", defined, marked,
                           callables, problems)
    return problems


SELF_TEST_BAD = {
    # commit f04d2df, config.cpp load_config: a std::vector inside the lambda
    "vector_in_lambda.cpp": """
Config load_config(const std::vector<ObjectId>* only_tables) {
  bool pushed = pg_call([&] {
    std::vector<Datum> items;
    tables = PointerGetDatum(construct_array(items.data(), 1, REGCLASSOID, sizeof(Oid), true, 'i'));
    return true;
  });
}
""",
    # commit f04d2df, catalog.cpp: the row callback (which builds a ConstraintRow with
    # std::strings and then calls int2_array) ran inside the scan's pg_call
    "callback_in_lambda.cpp": """
template <typename OnRow>
void scan_catalog(Oid catalog, OnRow&& on_row) {
  pg_call([&] {
    while (HeapTupleIsValid(tuple = systable_getnext(scan))) on_row(tuple, descriptor);
  });
}
""",
    "unmarked_helper.cpp": """
void read_constraint_row(HeapTuple tuple) {
  int x = 0;
}
void f() {
  pg_call([&] { read_constraint_row(tuple); });
}
""",
    "temporary_string.cpp": """
const std::string& type_name(Oid type_oid) {
  return names[type_oid] = pg_call([&] { return std::string(format_type_be(type_oid)); });
}
""",
    "callback_with_string.cpp": """
// Calls its callback inside pg_call.
template <typename OnRow>
void for_each_row(Oid function_oid, OnRow&& on_row) {
  pg_call([&] { on_row(slot); });
}
void h() {
  for_each_row(1, [&](TupleTableSlot* slot) { std::string name = "x"; });
}
""",
    "marked_helper_with_string.cpp": """
// Runs inside pg_call.
const char* classify(const char* adbin) {
  std::string text = adbin;
  return nullptr;
}
""",
}
SELF_TEST_GOOD = """
// Runs inside pg_call: PostgreSQL only.
const char* classify(const char* adbin) {
  return psprintf("%s()", adbin);
}
void g() {
  const char* text = pg_call([&] { return classify(adbin); });
  std::string copy = text;
  pg_call([&] { CHECK_FOR_INTERRUPTS(); });
}
"""


def self_test():
    import tempfile
    failures = 0
    with tempfile.TemporaryDirectory() as directory:
        for name, text in list(SELF_TEST_BAD.items()) + [("good.cpp", SELF_TEST_GOOD)]:
            path = os.path.join(directory, name)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
            problems = check([path])
            expected_bad = name != "good.cpp"
            if bool(problems) != expected_bad:
                failures += 1
                print(f"self-test FAILED on {name}: {problems or 'nothing found'}")
            else:
                print(f"self-test ok: {name}: {problems[0] if problems else 'clean'}")
    return failures


def main(argv):
    if argv[1:] == ["--self-test"]:
        return 1 if self_test() else 0
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    paths = argv[1:] or sorted(glob.glob(os.path.join(root, "extension", "**", "*.[ch]pp"), recursive=True))
    problems = check(paths)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} place(s) break the pg_call rule (extension/pg_boundary.hpp)")
        return 1
    print(f"pg_call rule holds in {len(paths)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
