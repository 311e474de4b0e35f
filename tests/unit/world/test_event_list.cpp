// The trace's chunked event storage: it must behave exactly like a vector of events across
// chunk boundaries, keep references to recorded events valid while it grows, and hand out
// fresh default events after truncation or dropping from the front.
#include "sim/trace/event_list.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace mailsim::world;

namespace {
Event numbered(std::size_t i) {
    Event e;
    e.index = i;
    e.text = "line number " + std::to_string(i) + " long enough to live on the heap";
    return e;
}
} // namespace

TEST_CASE("event list: appends across chunks, indexes and iterates like a vector") {
    EventList list;
    std::vector<Event> reference;
    const Event* first = nullptr;
    for (std::size_t i = 0; i < 2000; ++i) {
        list.push_back(numbered(i));
        reference.push_back(numbered(i));
        if (i == 0)
            first = &list[0];
    }
    CHECK(&list[0] == first); // growing never moved the first event
    REQUIRE(list.size() == reference.size());
    for (std::size_t i = 0; i < list.size(); ++i)
        CHECK(list[i].text == reference[i].text);
    std::size_t seen = 0;
    for (const Event& e : list)
        CHECK(e.index == seen++);
    CHECK(seen == 2000);
    CHECK(list.end() - list.begin() == 2000);
    const auto found = std::lower_bound(list.begin(), list.end(), 1234u,
                                        [](const Event& e, std::size_t i) { return e.index < i; });
    CHECK(found->index == 1234);
    CHECK(list.back().index == 1999);
}

TEST_CASE("event list: truncation and dropping the front leave default events to fill") {
    EventList list;
    for (std::size_t i = 0; i < 1500; ++i)
        list.push_back(numbered(i));
    list.resize(700);
    CHECK(list.size() == 700);
    CHECK(list.back().index == 699);
    Event& next = list.emplace_back();
    CHECK(next.text.empty()); // not the event that was truncated away
    CHECK(next.index == 0);

    list.erase_front(600); // crosses the first chunk boundary
    CHECK(list.size() == 101);
    CHECK(list.front().index == 600);
    CHECK(list[99].index == 699);
    for (std::size_t i = 0; i < 1000; ++i)
        list.push_back(numbered(2000 + i));
    CHECK(list.size() == 1101);
    CHECK(list.back().index == 2999);
    CHECK(list[101].index == 2000);

    EventList copy = list;
    CHECK(copy.size() == list.size());
    CHECK(copy[500].text == list[500].text);
    list.erase_front(5000);
    CHECK(list.empty());
    CHECK(list.emplace_back().text.empty());
}
