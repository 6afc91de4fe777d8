#include <map>
#include <set>

#include <fmt/format.h>

#include "output/report.hpp"

namespace sg::output {

// One <testsuite> per rule, one <testcase> per table in scope: a table fails a rule when it has an
// open finding that fails under --fail-on; waived/baselined findings make the case <skipped>.
std::string render_junit(const CheckReport& r, FailOn fail_on) {
  std::map<std::pair<std::string, std::string>, std::vector<const Finding*>> by_case;
  std::set<std::string> tables(r.tables.begin(), r.tables.end());
  for (const auto& f : r.findings) {
    by_case[{f.rule, f.qualified_table()}].push_back(&f);
    tables.insert(f.qualified_table());
  }
  std::vector<Rule> rules = r.rules;
  for (const auto& f : r.findings) {
    bool known = false;
    for (const auto& rule : rules) known = known || rule.id == f.rule;
    if (!known) rules.push_back(Rule{f.rule, f.severity, f.rule});
  }
  std::string suites;
  size_t total_tests = 0, total_failures = 0, total_skipped = 0;
  for (const auto& rule : rules) {
    if (rule.severity == "off") continue;
    std::string cases;
    size_t tests = 0, failures = 0, skipped = 0;
    for (const auto& table : tables) {
      ++tests;
      std::string body;
      auto it = by_case.find({rule.id, table});
      if (it != by_case.end()) {
        std::string failing_msgs, suppressed_msgs, note_msgs;
        for (const auto* f : it->second) {
          std::string line = f->message + (f->hint.empty() ? "" : "\nfix: " + f->hint);
          if (fails(*f, fail_on))
            failing_msgs += (failing_msgs.empty() ? "" : "\n") + line;
          else if (!f->open())
            suppressed_msgs += (suppressed_msgs.empty() ? "" : "; ") + f->status + ": " + f->message;
          else
            note_msgs += f->severity + ": " + line + "\n";
        }
        if (!failing_msgs.empty()) {
          ++failures;
          std::string first = failing_msgs.substr(0, failing_msgs.find('\n'));
          body += fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n", xml_escape(first),
                              xml_escape(rule.id), xml_escape(failing_msgs));
        } else if (!suppressed_msgs.empty() && note_msgs.empty()) {
          ++skipped;
          body += fmt::format("      <skipped message=\"{}\"/>\n", xml_escape(suppressed_msgs));
        }
        if (!note_msgs.empty()) body += "      <system-out>" + xml_escape(note_msgs) + "</system-out>\n";
      }
      std::string open_tag =
          fmt::format("    <testcase classname=\"schemaguard.{}\" name=\"{}\"", xml_escape(rule.id), xml_escape(table));
      cases += body.empty() ? open_tag + "/>\n" : open_tag + ">\n" + body + "    </testcase>\n";
    }
    total_tests += tests;
    total_failures += failures;
    total_skipped += skipped;
    suites +=
        fmt::format("  <testsuite name=\"schemaguard.{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n",
                    xml_escape(rule.id), tests, failures, skipped);
    suites += fmt::format(
        "    <properties><property name=\"description\" value=\"{}\"/>"
        "<property name=\"severity\" value=\"{}\"/></properties>\n",
        xml_escape(rule.description), xml_escape(rule.severity));
    suites += cases + "  </testsuite>\n";
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"schemaguard {}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n{}"
      "</testsuites>\n",
      xml_escape(r.database), total_tests, total_failures, total_skipped, suites);
}

}  // namespace sg::output
