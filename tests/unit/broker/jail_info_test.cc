#include "broker/jail_info.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace sandmux::broker {
namespace {

JailInfo sample() {
  return {"default-app-0123456789abcdef", "default", "/src/app", 2, 4242, {4242, 4243, 4250},
          3 * 1024 * 1024 + 512 * 1024, "/run/user/1000/sandmux/default-app-0123456789abcdef/default"};
}

TEST(JailInfo, ObjectIsExactAndRoundTrips) {
  const JailInfo jail = sample();
  EXPECT_EQ(boost::json::serialize(jail_info_to_json(jail)),
            R"({"name":"default-app-0123456789abcdef","profile":"default","project":"/src/app",)"
            R"("sessions":2,"pid":4242,"pids":[4242,4243,4250],"memory_bytes":3670016,)"
            R"("socket":"/run/user/1000/sandmux/default-app-0123456789abcdef/default"})");
  const auto back = jail_info_from_json(jail_info_to_json(jail));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(*back, jail);
}

TEST(JailInfo, UnknownProfileProjectAndPidAreNull) {
  JailInfo jail{"x-y-0000000000000000", "", "", 0, 0, {}, 0, "/s/default"};
  const boost::json::object object = jail_info_to_json(jail);
  EXPECT_TRUE(object.at("profile").is_null());
  EXPECT_TRUE(object.at("project").is_null());
  EXPECT_TRUE(object.at("pid").is_null());
  const auto back = jail_info_from_json(object);
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(*back, jail);
}

TEST(JailInfo, ReadingIsStrict) {
  boost::json::object object = jail_info_to_json(sample());
  object["sessoins"] = 1;
  EXPECT_EQ(jail_info_from_json(object).error(),
            "unknown field 'sessoins' in jail object (did you mean 'sessions'?)");
  object = jail_info_to_json(sample());
  object["pids"] = boost::json::array{"1"};
  EXPECT_EQ(jail_info_from_json(object).error(),
            "field 'pids' in jail object must be an array of integers");
  EXPECT_EQ(jail_info_from_json(boost::json::value(3)).error(),
            "a jail must be an object, not an integer");
}

TEST(JailInfo, MemoryIsShownForPeople) {
  EXPECT_EQ(format_memory(0), "0 B");
  EXPECT_EQ(format_memory(1023), "1023 B");
  EXPECT_EQ(format_memory(1536), "1.5 KiB");
  EXPECT_EQ(format_memory(3670016), "3.5 MiB");
  EXPECT_EQ(format_memory(5ull << 40), "5120.0 GiB");
}

TEST(JailInfo, TableHasAHeaderAndEscapesUserText) {
  JailInfo hostile = sample();
  hostile.project = "/src/\x1b[2Jx";
  JailInfo unknown{"b-c-0000000000000000", "", "", 0, 0, {}, 0, "/s/default"};
  const std::vector<JailInfo> jails = {hostile, unknown};
  EXPECT_EQ(format_jail_table(jails),
            "NAME                          PROFILE  PROJECT        SESSIONS  PID   PROCS  MEMORY   "
            "SOCKET\n"
            "default-app-0123456789abcdef  default  /src/\\x1b[2Jx  2         4242  3      3.5 MiB  "
            "/run/user/1000/sandmux/default-app-0123456789abcdef/default\n"
            "b-c-0000000000000000          -        -              0         -     0      0 B      "
            "/s/default\n");
}

}  // namespace
}  // namespace sandmux::broker
