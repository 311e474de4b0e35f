// Real peers against the SMTP engines over TCP on 127.0.0.1: Python's smtplib, swaks and curl
// talk to the server engine; the client engine talks to Python's smtpd. The engines are the
// same objects the simulator runs; only this test moves their bytes to and from sockets (test
// code may use sockets; sim/ may not).
#ifndef __EMSCRIPTEN__

#include "smtp_test_support.h"
#include "tests/helpers/loopback_peer.h"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

using namespace mailsim;
using namespace mailsim::smtp;
using namespace mailsim::smtp::testing;

namespace {

using mailsim::testing::EngineOutput;
using mailsim::testing::have;
using mailsim::testing::LoopbackListener;
using mailsim::testing::run_command;

// Both SMTP engines report the end of the session the same way.
template <class Engine>
void pump(int fd, Engine& engine) {
    mailsim::testing::pump_socket(
        fd,
        [&] {
            bool closed = false;
            for (;;) {
                Event event = engine.next_event();
                if (std::holds_alternative<NeedData>(event))
                    break;
                if (std::holds_alternative<ConnectionClosed>(event))
                    closed = true;
            }
            return EngineOutput{engine.take_output(), closed || engine.is_closed()};
        },
        [&](ByteView bytes) { engine.receive_data(bytes); }, [&] { engine.receive_eof(); });
}

std::string serve_peer(const std::string& command, const ServerConfig& config, StaticPolicy& policy,
                       LoopbackListener& listener, int sessions = 1) {
    return mailsim::testing::run_peer(command, sessions, [&] {
        return listener.serve_one([&](int fd) {
            SessionInfo session;
            session.client_address = "127.0.0.1";
            SmtpServer server(config, policy, session);
            pump(fd, server);
        });
    });
}

std::string write_script(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() / name;
    FILE* file = std::fopen(path.c_str(), "w");
    REQUIRE(file);
    std::fwrite(text.data(), 1, text.size(), file);
    std::fclose(file);
    return path.string();
}

} // namespace

TEST_CASE("Python smtplib: EHLO, VRFY, EXPN, HELP, sendmail with a refused recipient, dots") {
    if (!have("/usr/bin/python3"))
        return;
    StaticPolicy policy = hamburger_policy();
    LoopbackListener listener;
    const std::string script = write_script("mailsim_smtplib.py", R"PY(
import smtplib, sys
s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), local_hostname='crepes.fr', timeout=10)
code, _ = s.ehlo()
print('ehlo', code, sorted(s.esmtp_features))
print('vrfy', s.vrfy('bob'))
print('expn', s.expn('staff'))
print('help', s.help().splitlines()[0])
refused = s.sendmail('alice@crepes.fr', ['bob@hamburger.edu', 'nobody@hamburger.edu'],
                     b'Subject: hi\r\n\r\n.leading dot\r\n.\r\nbody\r\n')
print('refused', refused)
try:
    s.sendmail('alice@crepes.fr', ['nobody@hamburger.edu'], b'x\r\n')
except smtplib.SMTPRecipientsRefused as e:
    print('all refused', e.recipients)
print('noop', s.noop())
print('quit', s.quit())
)PY");
    const std::string output =
        serve_peer("/usr/bin/python3 " + script + " " + std::to_string(listener.port()),
                   modern_server(), policy, listener);
    CHECK(output.find("ehlo 250 ['8bitmime', 'enhancedstatuscodes', 'help', 'pipelining', "
                      "'size']") != std::string::npos);
    CHECK(output.find("vrfy (250, b'2.1.5 Bob Burger <bob@hamburger.edu>')") != std::string::npos);
    CHECK(output.find("expn (250, b'2.1.5 Bob Burger <bob@hamburger.edu>\\n2.1.5 Carol Smith "
                      "<carol@hamburger.edu>')") != std::string::npos);
    CHECK(output.find("help b'2.0.0 mailsim SMTP server; commands:'") != std::string::npos);
    CHECK(output.find("refused {'nobody@hamburger.edu': (550, b'5.1.1 <nobody@hamburger.edu>: "
                      "Recipient address rejected: User unknown')}") != std::string::npos);
    CHECK(output.find("all refused {'nobody@hamburger.edu'") != std::string::npos);
    CHECK(output.find("noop (250, b'2.0.0 OK')") != std::string::npos);
    CHECK(output.find("quit (221, b'2.0.0 hamburger.edu closing connection')") !=
          std::string::npos);
    REQUIRE(policy.deliveries().size() == 1);
    CHECK(policy.deliveries()[0].transaction.rcpt_to ==
          std::vector<std::string>{"bob@hamburger.edu"});
    CHECK(policy.deliveries()[0].message == "Subject: hi\r\n\r\n.leading dot\r\n.\r\nbody\r\n");
}

TEST_CASE("swaks with PIPELINING and curl deliver through the server engine") {
    StaticPolicy policy = hamburger_policy();
    LoopbackListener listener;
    const std::string port = std::to_string(listener.port());
    if (have("/usr/bin/swaks")) {
        const std::string output =
            serve_peer("/usr/bin/swaks --server 127.0.0.1:" + port +
                           " --helo crepes.fr --from alice@crepes.fr --to "
                           "bob@hamburger.edu,carol@hamburger.edu"
                           " --pipeline --body 'pickles' --header 'Subject: from swaks' 2>&1",
                       modern_server(), policy, listener);
        CHECK(output.find("-> RCPT TO:<carol@hamburger.edu>") != std::string::npos);
        CHECK(output.find("<-  221 2.0.0 hamburger.edu closing connection") != std::string::npos);
        REQUIRE(policy.deliveries().size() == 1);
        CHECK(policy.deliveries()[0].transaction.rcpt_to.size() == 2);
        CHECK(policy.deliveries()[0].message.find("Subject: from swaks") != std::string::npos);
        CHECK(policy.deliveries()[0].message.find("pickles") != std::string::npos);
    }
    if (have("/usr/bin/curl")) {
        const std::string mail =
            write_script("mailsim_curl_mail.txt", "Subject: from curl\r\n\r\nketchup\r\n.dot\r\n");
        serve_peer("/usr/bin/curl -s smtp://127.0.0.1:" + port +
                       " --mail-from alice@crepes.fr --mail-rcpt bob@hamburger.edu"
                       " --upload-file " +
                       mail + " 2>&1",
                   modern_server(), policy, listener);
        REQUIRE(policy.deliveries().size() >= 1);
        CHECK(policy.deliveries().back().message ==
              "Subject: from curl\r\n\r\nketchup\r\n.dot\r\n");
    }
}

TEST_CASE("the client engine delivers to Python's smtpd, modern and classic") {
    if (!have("/usr/bin/python3"))
        return;
    // Find a free port, then let smtpd listen on it.
    int port = 0;
    {
        LoopbackListener probe;
        port = probe.port();
    }
    const std::string script = write_script("mailsim_smtpd.py", R"PY(
import asyncore, smtpd, sys, warnings
warnings.simplefilter('ignore')
class Server(smtpd.SMTPServer):
    count = 0
    def process_message(self, peer, mailfrom, rcpttos, data, **kw):
        print('message', mailfrom, rcpttos, repr(data), kw.get('mail_options'), flush=True)
        Server.count += 1
server = Server(('127.0.0.1', int(sys.argv[1])), None, decode_data=False)
print('ready', flush=True)
while Server.count < int(sys.argv[2]):
    asyncore.loop(timeout=0.1, count=1)
asyncore.loop(timeout=0.1, count=20)
)PY");
    std::string output;
    std::thread peer([&] {
        output =
            run_command("/usr/bin/python3 -W ignore " + script + " " + std::to_string(port) + " 3");
    });
    auto deliver = [&](ClientConfig config, std::vector<OutgoingMessage> messages) {
        int fd = -1;
        for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
            fd = ::socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in address{};
            address.sin_family = AF_INET;
            address.sin_port = htons(static_cast<uint16_t>(port));
            address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
                ::close(fd);
                fd = -1;
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
        REQUIRE(fd >= 0);
        SmtpClient client(config, std::move(messages));
        pump(fd, client);
        ::close(fd);
        return client.results();
    };
    ClientConfig modern;
    modern.hostname = "crepes.fr";
    const auto first = deliver(
        modern, {{"alice@crepes.fr",
                  {"bob@hamburger.edu", "carol@hamburger.edu"},
                  "Subject: caf\xc3\xa9 is fine in 8BITMIME\r\n\r\n..two dots\r\n.\r\nend\r\n",
                  {}},
                 {"", {"postmaster@hamburger.edu"}, "bounce\n", {}}});
    ClientConfig classic = modern;
    classic.style = ClientStyle::Classic;
    const auto second = deliver(classic, {{"alice@crepes.fr",
                                           {"bob@hamburger.edu"},
                                           "Do you like ketchup?\r\nHow about pickles?\r\n",
                                           {}}});
    peer.join();
    REQUIRE(first.size() == 2);
    CHECK(first[0].recipients[0].status == RecipientStatus::Accepted);
    CHECK(first[0].recipients[1].status == RecipientStatus::Accepted);
    CHECK(first[1].recipients[0].status == RecipientStatus::Accepted);
    REQUIRE(second.size() == 1);
    CHECK(second[0].recipients[0].status == RecipientStatus::Accepted);
    // smtpd hands over the unstuffed text with its line ends turned into "\n".
    CHECK(output.find("message alice@crepes.fr ['bob@hamburger.edu', 'carol@hamburger.edu'] "
                      "b'Subject: caf\\xc3\\xa9 is fine in 8BITMIME\\n\\n..two dots\\n.\\nend' "
                      "['SIZE=58', 'BODY=8BITMIME']") != std::string::npos);
    CHECK(output.find("message <> ['postmaster@hamburger.edu'] b'bounce' ['SIZE=8']") !=
          std::string::npos);
    CHECK(output.find("message alice@crepes.fr ['bob@hamburger.edu'] b'Do you like ketchup?\\n"
                      "How about pickles?' []") != std::string::npos);
}

#endif
