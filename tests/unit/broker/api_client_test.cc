// ApiClient against a scripted peer on a socket in a temp directory: what a bounded
// client (connect_within, as `sandmux broker status|stop|start` use it) reports when
// nothing answers, and that a broker which answers wrongly is an error, not "no broker".
#include "broker/api_client.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include "broker/exit_codes.h"

namespace sandmux::broker {
namespace {

using namespace std::chrono_literals;

/// Reads one line (without '\n') from FD; empty at EOF.
std::string read_line(int fd) {
  std::string line;
  char c = 0;
  while (::read(fd, &c, 1) == 1 && c != '\n') line.push_back(c);
  return line;
}

void write_text(int fd, const std::string& text) {
  ASSERT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
}

/// Waits until the client has closed its end of FD.
void wait_for_close(int fd) {
  char c = 0;
  while (::read(fd, &c, 1) > 0) {
  }
}

/// A listening socket in a fresh /tmp directory whose one connection is served by a
/// script on its own thread; everything is gone at the end.
class ScriptedBroker {
 public:
  explicit ScriptedBroker(std::function<void(int fd)> script) {
    char pattern[] = "/tmp/sandmux-api-client-test-XXXXXX";
    const char* made = ::mkdtemp(pattern);
    EXPECT_NE(made, nullptr);
    m_dir = made ? made : "";
    m_socket = m_dir + "/broker.sock";
    m_listener = sandbox::UniqueFd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, m_socket.c_str(), m_socket.size() + 1);
    const auto* generic = reinterpret_cast<const sockaddr*>(&address);
    EXPECT_EQ(::bind(m_listener.get(), generic, sizeof address), 0);
    EXPECT_EQ(::listen(m_listener.get(), 1), 0);
    m_thread = std::thread([this, script = std::move(script)] {
      sandbox::UniqueFd peer(::accept4(m_listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
      if (peer) script(peer.get());
    });
  }
  ~ScriptedBroker() {
    m_thread.join();
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
  }
  ScriptedBroker(const ScriptedBroker&) = delete;
  ScriptedBroker& operator=(const ScriptedBroker&) = delete;

  const std::string& socket() const { return m_socket; }

 private:
  std::string m_dir;
  std::string m_socket;
  sandbox::UniqueFd m_listener;
  std::thread m_thread;
};

/// Answers the hello as a broker of this protocol version.
void greet(int fd) {
  read_line(fd);
  write_text(fd, server_hello_line("sandmux test"));
}

TEST(ApiClientWithin, NothingListeningIsNoAnswer) {
  const std::string socket = "/tmp/sandmux-api-client-test-absent/broker.sock";
  try {
    ApiClient::connect_within(socket, 5s);
    FAIL() << "connected to nothing";
  } catch (const BrokerNotAnswering& e) {
    EXPECT_EQ(e.exit_code(), kExitFailure);
    EXPECT_EQ(std::string(e.what()),
              "broker unreachable: " + socket + ": No such file or directory");
  }
}

TEST(ApiClientWithin, SilenceUntilTheDeadlineIsNoAnswer) {
  ScriptedBroker broker([](int fd) {
    read_line(fd);
    wait_for_close(fd);
  });
  try {
    ApiClient::connect_within(broker.socket(), 50ms);
    FAIL() << "a silent broker answered";
  } catch (const BrokerNotAnswering& e) {
    EXPECT_EQ(std::string(e.what()), "broker unreachable: no answer in time");
  }
}

TEST(ApiClientWithin, ClosingInsteadOfTheHelloIsNoAnswer) {
  ScriptedBroker broker([](int fd) { read_line(fd); });
  EXPECT_THROW(ApiClient::connect_within(broker.socket(), 5s), BrokerNotAnswering);
}

TEST(ApiClientWithin, ClosingInsteadOfTheResponseIsNoAnswer) {
  ScriptedBroker broker([](int fd) {
    greet(fd);
    read_line(fd);
  });
  ApiClient client = ApiClient::connect_within(broker.socket(), 5s);
  EXPECT_THROW(client.call(BrokerStopParams{}), BrokerNotAnswering);
}

TEST(ApiClientWithin, ARefusedHelloIsAnErrorNotNoAnswer) {
  ScriptedBroker broker([](int fd) {
    read_line(fd);
    const ProtocolError refusal{std::string(error_code::kVersionMismatch), "protocol 2 wanted", {}};
    write_text(fd, error_line(refusal));
  });
  try {
    ApiClient::connect_within(broker.socket(), 5s);
    FAIL() << "the refused hello was accepted";
  } catch (const BrokerNotAnswering& e) {
    FAIL() << "a broker that answered counts as none: " << e.what();
  } catch (const UserError& e) {
    EXPECT_EQ(e.exit_code(), kExitFailure);
    EXPECT_EQ(std::string(e.what()), "protocol 2 wanted");
  }
}

TEST(ApiClientWithin, AnErrorReplyKeepsItsMessageAndExitCode) {
  ScriptedBroker broker([](int fd) {
    greet(fd);
    read_line(fd);
    write_text(fd, error_response_line({std::string(error_code::kTimeout), "too slow", 1}));
    wait_for_close(fd);
  });
  ApiClient client = ApiClient::connect_within(broker.socket(), 5s);
  try {
    client.call(BrokerStatusParams{});
    FAIL() << "the error reply was a result";
  } catch (const BrokerNotAnswering& e) {
    FAIL() << "an error reply counts as no answer: " << e.what();
  } catch (const UserError& e) {
    EXPECT_EQ(e.exit_code(), kExitTimeout);
    EXPECT_EQ(std::string(e.what()), "too slow");
  }
}

TEST(ApiClientWithin, CallReturnsTheResultAfterTheEventsBeforeIt) {
  ScriptedBroker broker([](int fd) {
    greet(fd);
    const auto request = parse_request(read_line(fd));
    ASSERT_TRUE(request);
    EXPECT_EQ(request->params, RequestParams(BrokerStatusParams{}));
    write_text(fd, output_event_line("fixer", 0, "hi"));
    write_text(fd, result_line(request->id, boost::json::object{{"pid", 42}}));
    wait_for_close(fd);
  });
  ApiClient client = ApiClient::connect_within(broker.socket(), 5s);
  const boost::json::value expected = boost::json::object{{"pid", 42}};
  EXPECT_EQ(client.call(BrokerStatusParams{}), expected);
  const ServerMessage kept = client.next_message();
  ASSERT_TRUE(std::holds_alternative<OutputEvent>(kept));
  EXPECT_EQ(std::get<OutputEvent>(kept).bytes, "hi");
}

}  // namespace
}  // namespace sandmux::broker
