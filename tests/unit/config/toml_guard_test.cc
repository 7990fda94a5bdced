// The pre-pass that keeps non-ASCII characters away from toml++'s whitespace test.
#include "config/toml_guard.h"

#include <gtest/gtest.h>

#include "config/profile_parser.h"

namespace sandmux::config {
namespace {

std::string guard(std::string_view text) {
  std::optional<Diagnostic> error = find_unsafe_non_ascii(text, "x.toml");
  return error ? error->str() : "ok";
}

TEST(TomlGuard, PlainAsciiPasses) {
  EXPECT_EQ(guard("[filesystem]\nro = [\"/usr\"] # fine\n"), "ok");
}

TEST(TomlGuard, NonAsciiInStringsAndCommentsPasses) {
  EXPECT_EQ(guard("description = \"é ü\" # ß\n"), "ok");
  EXPECT_EQ(guard("description = 'é'\n"), "ok");
  EXPECT_EQ(guard("description = \"\"\"é\n\"é\"\n\"\"\"\n"), "ok");
  EXPECT_EQ(guard("description = '''é''''\n"), "ok");
  EXPECT_EQ(guard("\"ké\" = 1\n"), "ok");
  EXPECT_EQ(guard("description = \"a\\\"é\"\n"), "ok");
  EXPECT_EQ(guard("[env.set]\nA = \"\\é\"\n"), "ok");  // toml++ reports the bad escape itself
}

TEST(TomlGuard, NonAsciiOutsideStringsIsAnError) {
  EXPECT_EQ(guard("é = 1\n"), "x.toml:1:1: non-ASCII character outside a string or comment");
  EXPECT_EQ(guard("a = \"éé\" é\n"),
            "x.toml:1:10: non-ASCII character outside a string or comment");
  EXPECT_EQ(guard("a = 1\n\u00a0b = 2\n"),
            "x.toml:2:1: non-ASCII character outside a string or comment");
}

TEST(TomlGuard, QuoteInsideABareValueDoesNotStartAString) {
  EXPECT_EQ(guard("a = 1x\"é\"\n"), "x.toml:1:8: non-ASCII character outside a string or comment");
  EXPECT_EQ(guard(std::string_view("a = 1\x0e\0\"\xc7\xbe\"", 11)),
            "x.toml:1:9: non-ASCII character outside a string or comment");
}

TEST(TomlGuard, QuoteAfterABracketInsideABareValueDoesNotStartAString) {
  EXPECT_EQ(guard("rw = [\"/\",2=4e[[\"/Xé\"]\n"),
            "x.toml:1:20: non-ASCII character outside a string or comment");
}

TEST(TomlGuard, StringsInInlineTablesAndArraysPass) {
  EXPECT_EQ(guard("[env]\nset = {A=\"é\",B='ü'}\n"), "ok");
  EXPECT_EQ(guard("a = [{b=\"é\"}, [1,\"ü\"], {}]\nc=\"é\"\n"), "ok");
  EXPECT_EQ(guard("[[a]]\nb = [\n  \"é\",\n  1,\"ü\"\n]\n"), "ok");
  EXPECT_EQ(guard("a = 1979-05-27 07:32:00 # é\nb = true\nc = \"é\"\n"), "ok");
}

TEST(TomlGuard, NonAsciiAfterABackslashInAMultiLineStringIsAnError) {
  EXPECT_EQ(guard("a = \"\"\"x\\\n   é\"\"\"\n"),
            "x.toml:2:4: non-ASCII character after a backslash in a multi-line string");
  EXPECT_EQ(guard("a = \"\"\"\\é\"\"\"\n"),
            "x.toml:1:9: non-ASCII character after a backslash in a multi-line string");
}

TEST(TomlGuard, DeeplyDottedKeysAreRefused) {
  EXPECT_EQ(guard("a.b.c.d.e.f.g.h = 1\n"), "ok");
  EXPECT_EQ(guard("[a.b.c.d.e.f.g.h]\n"), "ok");
  EXPECT_EQ(guard("a.b.c.d.e.f.g.h.i = 1\n"), "x.toml:1:16: key has more than 8 dotted parts");
  EXPECT_EQ(guard("[a.b.c.d]\nx.y.z.w.v.u = 1\n[e.f.g.h.i.j.k.l]\n"), "ok");
  EXPECT_EQ(guard("x = {a.b.c.d.e.f.g.h.i = 1}\n"),
            "x.toml:1:21: key has more than 8 dotted parts");
}

TEST(TomlGuard, HugeDottedKeyIsASyntaxErrorNotACrash) {
  std::string key = "a";
  for (int i = 0; i < 200000; ++i) key += ".a";
  Result<RawProfile> raw = parse_profile(key + " = 1\n", "x.toml");
  ASSERT_EQ(raw.errors.size(), 1u);
  EXPECT_EQ(raw.errors[0].str(), "x.toml:1:16: key has more than 8 dotted parts");
}

TEST(TomlGuard, ParseProfileReportsItLikeASyntaxError) {
  Result<RawProfile> raw = parse_profile("[filesystem]\nrö = []\n", "x.toml");
  ASSERT_EQ(raw.errors.size(), 1u);
  EXPECT_EQ(raw.errors[0].str(), "x.toml:2:2: non-ASCII character outside a string or comment");
}

}  // namespace
}  // namespace sandmux::config

namespace sandmux::config {
namespace {

std::string control(std::string_view text) {
  std::optional<Diagnostic> error = find_control_character(text, "x.toml");
  return error ? error->str() : "ok";
}

TEST(TomlGuard, TabsNewlinesAndCarriageReturnsAreFine) {
  EXPECT_EQ(control("[filesystem]\r\n\tro = [\"/usr\"]\n"), "ok");
}

TEST(TomlGuard, RawControlCharactersAreErrorsAtTheirPlace) {
  using namespace std::string_literals;
  EXPECT_EQ(control("a = 1\n[\0\0]\n"s), "x.toml:2:2: control character U+0000 is not allowed");
  EXPECT_EQ(control("d = \"\x1b[31m\"\n"), "x.toml:1:6: control character U+001B is not allowed");
  EXPECT_EQ(control("# é\x7f\n"), "x.toml:1:4: control character U+007F is not allowed");
}

// Found by the fuzzer: NUL bytes in a table header reached an assertion in toml++.
TEST(TomlGuard, NulInATableHeaderIsASyntaxErrorNotACrash) {
  using namespace std::string_literals;
  const Result<RawProfile> raw = parse_profile("[\0\0\0\0\0\0\2\1em]\nro = []\n"s, "p.toml");
  ASSERT_FALSE(raw);
  ASSERT_EQ(raw.errors.size(), 1u);
  EXPECT_EQ(raw.errors[0].str(), "p.toml:1:2: control character U+0000 is not allowed");
}

}  // namespace
}  // namespace sandmux::config

namespace sandmux::config {
namespace {

// Found by the fuzzer: a table header without a key reached an assertion in toml++.
TEST(TomlReader, TableHeaderWithoutAKeyIsASyntaxError) {
  const Result<RawProfile> raw = parse_profile("[ = \"a\"\n", "p.toml");
  ASSERT_FALSE(raw);
  ASSERT_EQ(raw.errors.size(), 1u);
  EXPECT_EQ(raw.errors[0].where.line, 1);
}

}  // namespace
}  // namespace sandmux::config
