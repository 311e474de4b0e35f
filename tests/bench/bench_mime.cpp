// Parse + decode throughput of sim/mail next to Python's email package on the same generated
// corpus, in the same run, plus raw base64 decode speed. Not a timed test: it prints figures.
//
//   bench_mime [--seconds S] [--corpus DIR] [--no-python] [--keep-corpus]
//
// Corpus: "small" = 2000 typical messages (headers, multipart/alternative with Korean
// quoted-printable text and HTML, some with a small attachment); "large" = 8 messages with a 1 MB
// base64 attachment each. Throughput counts raw message bytes per second of CPU time
// (process time on both sides, so a busy shared machine does not skew the ratio).
//
// Each kind is measured twice: in this process, right after generating the corpus, and in a
// fresh process (this program run again with --fresh KIND) that only reads the files. The two
// differ when the parser's allocations meet glibc's malloc in a different state: a process that
// has already allocated and freed large blocks has raised its mmap threshold, a fresh one
// serves every block over 128 KB with mmap/munmap and pays page faults for it. The fresh figure
// is the one a command-line tool or a mail store sees, so the ratio is taken from it.
#include "sim/core/rng.h"
#include "sim/mail/base64.h"
#include "sim/mail/builder.h"
#include "sim/mail/message.h"

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;
using namespace mailsim;
using namespace mailsim::mail;

// CPU time of this process: the machine is shared, and "on one core" is what the goals mean.
// Python's side measures time.process_time() the same way.
double cpu_seconds() {
    return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

namespace {

Bytes random_bytes(Rng& rng, std::size_t size) {
    Bytes out(size, '\0');
    for (std::size_t i = 0; i < size; i += 8) {
        const std::uint64_t v = rng.next_u64();
        for (std::size_t k = 0; k < 8 && i + k < size; ++k)
            out[i + k] = static_cast<char>(v >> (8 * k));
    }
    return out;
}

Bytes small_message(Rng& rng, int index) {
    static const char* kLines[] = {"안녕하세요, 이번 주 네트워크 수업 자료를 보내 드립니다.",
                                   "Please find the lecture notes for this week below.",
                                   "SMTP는 메일을 보내는 프로토콜이고 POP3와 IMAP은 받는 쪽입니다.",
                                   "MIME lets a message carry text, images and other data."};
    std::string text;
    const int lines = static_cast<int>(rng.uniform_int(5, 40));
    for (int i = 0; i < lines; ++i)
        text += std::string(kLines[rng.uniform_int(0, 3)]) + "\n";
    MessageBuilder builder;
    builder.from(Mailbox{"김교수", "prof", "univ.ac.kr"})
        .to(Mailbox{"", "student" + std::to_string(index), "univ.ac.kr"})
        .subject("주간 공지 " + std::to_string(index))
        .date(1795412212 + index, 540)
        .message_id("<" + std::to_string(index) + "@univ.ac.kr>")
        .header("Received", "from mail.univ.ac.kr ([192.0.2.1]) by mx.example with ESMTP id " +
                                std::to_string(index) + "; Mon, 23 Nov 2026 14:36:52 +0900")
        .text(text, EncodingChoice::QuotedPrintable)
        .html("<html><body><p>" + text + "</p></body></html>", EncodingChoice::QuotedPrintable);
    if (index % 4 == 0) {
        Attachment attachment;
        attachment.filename = "note" + std::to_string(index) + ".bin";
        attachment.content_type = parse_content_type("application/octet-stream");
        attachment.data = random_bytes(rng, static_cast<std::size_t>(rng.uniform_int(500, 6000)));
        builder.attach(attachment);
    }
    return serialize(*builder.build());
}

Bytes large_message(Rng& rng, int index) {
    Attachment attachment;
    attachment.filename = "video" + std::to_string(index) + ".mpg";
    attachment.content_type = parse_content_type("video/mpeg");
    attachment.data = random_bytes(rng, 1 << 20);
    auto message = MessageBuilder()
                       .from(Mailbox{"", "alice", "a.example"})
                       .to(Mailbox{"", "bob", "b.example"})
                       .subject("1 MB attachment")
                       .date(1795412212, 0)
                       .text("see attached\n")
                       .attach(attachment)
                       .build();
    return serialize(*message);
}

// Parse + decode every leaf, as an inspector or a mail store would; returns MB/s of raw input.
double measure(const std::vector<Bytes>& corpus, double seconds) {
    std::size_t total = 0, sink = 0;
    const double start = cpu_seconds();
    double elapsed = 0;
    do {
        for (const auto& raw : corpus) {
            const Message message = parse_message(raw);
            for (const Part* part : walk(message))
                if (part->children.empty())
                    sink += part->decoded_body().size();
            total += raw.size();
        }
        elapsed = cpu_seconds() - start;
    } while (elapsed < seconds);
    if (sink == 0)
        std::puts("(nothing decoded)");
    return static_cast<double>(total) / elapsed / 1e6;
}

// Base64 decode of one buffer again and again: `size` 1 MB stays in the cache (the size of a
// typical attachment), 64 MB measures the memory-bound case.
double base64_gbps(std::size_t size, double seconds) {
    Rng rng(9, 9);
    const Bytes encoded = base64_encode(random_bytes(rng, size)); // wrapped at 76, CRLF
    std::size_t total = 0, sink = 0;
    const double start = cpu_seconds();
    double elapsed = 0;
    do {
        sink += base64_decode(encoded).size();
        total += encoded.size();
        elapsed = cpu_seconds() - start;
    } while (elapsed < seconds);
    return sink ? static_cast<double>(total) / elapsed / 1e9 : 0;
}

struct Measured {
    double mbps = 0;
    double user_seconds = 0, system_seconds = 0; // of the whole process
};

Measured with_rusage(double mbps) {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    Measured out;
    out.mbps = mbps;
    out.user_seconds = static_cast<double>(usage.ru_utime.tv_sec) + usage.ru_utime.tv_usec / 1e6;
    out.system_seconds = static_cast<double>(usage.ru_stime.tv_sec) + usage.ru_stime.tv_usec / 1e6;
    return out;
}

std::vector<Bytes> read_corpus(const fs::path& dir, const std::string& kind) {
    std::vector<fs::path> names;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().filename().string().rfind(kind + "-", 0) == 0)
            names.push_back(entry.path());
    std::sort(names.begin(), names.end());
    std::vector<Bytes> out;
    for (const auto& name : names) {
        std::ifstream in(name, std::ios::binary);
        std::ostringstream data;
        data << in.rdbuf();
        out.push_back(std::move(data).str());
    }
    return out;
}

// The child side of the fresh-process measurement: read, measure, print "KIND MBPS USER SYS".
int run_fresh(const std::string& kind, const fs::path& dir, double seconds) {
    const std::vector<Bytes> corpus = read_corpus(dir, kind);
    if (corpus.empty()) {
        std::fprintf(stderr, "bench_mime: no %s-*.eml in %s\n", kind.c_str(), dir.c_str());
        return 1;
    }
    const Measured m = with_rusage(measure(corpus, seconds));
    std::printf("%s %.3f %.3f %.3f\n", kind.c_str(), m.mbps, m.user_seconds, m.system_seconds);
    return 0;
}

// Runs this program again with --fresh KIND; a zero figure if that fails.
Measured measure_fresh(const std::string& kind, const fs::path& dir, double seconds) {
    Measured out;
    // Resolved here: inside popen's shell, /proc/self/exe would be the shell.
    std::error_code error;
    const fs::path self = fs::read_symlink("/proc/self/exe", error);
    if (error)
        return out;
    const std::string command = "'" + self.string() + "' --fresh " + kind + " '" + dir.string() +
                                "' --seconds " + std::to_string(seconds);
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe)
        return out;
    char line[256];
    char name[32];
    while (std::fgets(line, sizeof line, pipe))
        if (std::sscanf(line, "%31s %lf %lf %lf", name, &out.mbps, &out.user_seconds,
                        &out.system_seconds) == 4)
            break;
    pclose(pipe);
    return out;
}

std::string system_share(const Measured& m) {
    const double total = m.user_seconds + m.system_seconds;
    if (total <= 0)
        return "";
    char text[64];
    std::snprintf(text, sizeof text, "  (%2.0f%% system time)", 100 * m.system_seconds / total);
    return text;
}

} // namespace

int main(int argc, char** argv) {
    double seconds = 2.0;
    bool with_python = true;
    bool keep_corpus = false;
    fs::path corpus_dir = fs::temp_directory_path() / "mailsim-bench-mime";
    std::string fresh_kind; // set in the child of a fresh-process measurement
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        const bool has_value = i + 1 < argc;
        if (flag == "--no-python") // for profiling our side alone
            with_python = false;
        else if (flag == "--keep-corpus")
            keep_corpus = true;
        else if (flag == "--seconds" && has_value)
            seconds = std::atof(argv[++i]);
        else if (flag == "--corpus" && has_value)
            corpus_dir = argv[++i];
        else if (flag == "--fresh" && i + 2 < argc) { // KIND DIR: see run_fresh
            fresh_kind = argv[++i];
            corpus_dir = argv[++i];
        }
    }
    if (!fresh_kind.empty())
        return run_fresh(fresh_kind, corpus_dir, seconds);
    Rng rng(2026, 11);
    std::map<std::string, std::vector<Bytes>> corpus;
    for (int i = 0; i < 2000; ++i)
        corpus["small"].push_back(small_message(rng, i));
    for (int i = 0; i < 8; ++i)
        corpus["large"].push_back(large_message(rng, i));
    fs::create_directories(corpus_dir);
    for (const auto& [kind, messages] : corpus) {
        std::size_t bytes = 0;
        for (std::size_t i = 0; i < messages.size(); ++i) {
            char name[64];
            std::snprintf(name, sizeof name, "%s-%05zu.eml", kind.c_str(), i);
            std::ofstream(corpus_dir / name, std::ios::binary) << messages[i];
            bytes += messages[i].size();
        }
        std::printf("corpus %-5s %5zu messages, %.1f MB\n", kind.c_str(), messages.size(),
                    bytes / 1e6);
    }

    std::map<std::string, Measured> here, fresh;
    for (const auto& [kind, messages] : corpus)
        here[kind] = with_rusage(measure(messages, seconds));
    for (const auto& [kind, messages] : corpus)
        fresh[kind] = measure_fresh(kind, corpus_dir, seconds);

        // Python's email package on the same files, in the same run.
#ifdef MAILSIM_SOURCE_DIR
    const fs::path peer = fs::path(MAILSIM_SOURCE_DIR) / "tests/bench/bench_mime_peer.py";
#else
    const fs::path peer = fs::path(__FILE__).parent_path() / "bench_mime_peer.py";
#endif
    const std::string command = "/usr/bin/python3 '" + peer.string() + "' '" + corpus_dir.string() +
                                "' " + std::to_string(seconds);
    std::map<std::string, double> python_best;
    std::string python_lines;
    if (FILE* pipe = with_python ? popen(command.c_str(), "r") : nullptr) {
        char line[256];
        while (std::fgets(line, sizeof line, pipe)) {
            char policy[32], kind[32];
            double mbps = 0;
            if (std::sscanf(line, "%31s %31s %lf", policy, kind, &mbps) == 3) {
                python_best[kind] = std::max(python_best[kind], mbps);
                char text[128];
                std::snprintf(text, sizeof text, "  python email (policy %s) %s: %.2f MB/s\n",
                              policy, kind, mbps);
                python_lines += text;
            }
        }
        pclose(pipe);
    }
    std::printf("\nparse + decode throughput (raw message MB/s of CPU time; ratio against "
                "Python's fastest policy)\n");
    for (const auto& [kind, measured] : fresh) {
        const double python = python_best[kind];
        for (const auto& [where, m] :
             {std::pair{"fresh process", measured}, std::pair{"this process ", here[kind]}})
            std::printf("  %-5s %s  mailsim %8.1f MB/s   python email %7.2f MB/s   ratio "
                        "%6.1fx%s\n",
                        kind.c_str(), where, m.mbps, python, python > 0 ? m.mbps / python : 0.0,
                        where[0] == 'f' ? system_share(m).c_str() : "");
    }
    std::printf("%s", python_lines.c_str());
    std::printf("\nbase64 decode (76-column CRLF-wrapped input, one core)\n");
    std::printf("  1 MB buffer (in cache):   %.2f GB/s\n", base64_gbps(1 << 20, seconds / 2));
    std::printf("  64 MB buffer (memory):    %.2f GB/s\n", base64_gbps(64 << 20, seconds / 2));
    if (!keep_corpus)
        fs::remove_all(corpus_dir);
    return 0;
}
