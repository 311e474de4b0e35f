#pragma once
// Draws a lesson's Markdown subset (sim/lesson/markdown.h) with ImGui: headings, paragraphs
// with bold / italic / code spans wrapped word by word, code blocks, lists, tables and notes.
#include "sim/lesson/markdown.h"

namespace mailsim::ui {

class App;

void draw_markdown(App& app, const lesson::Document& document);

} // namespace mailsim::ui
