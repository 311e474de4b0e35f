#pragma once
// The screen is a layout, not a pile of windows: a split tree of regions chosen for the
// window's size and shape (projector or desktop 16:9, a small laptop or a big text size,
// a portrait tablet, a phone). Each region holds one or more panels; the open ones get a tab
// in the region's header and the active one fills the region. Opening a panel makes it the
// active tab of its region, never a window on top; a lesson step's views are spread over
// regions so that all of them are visible together where the shape has room.
//
// Between two shown regions a splitter moves their boundary; each region keeps at least its
// tab header and a couple of lines, and the ratios the user dragged are kept per shape.
//
// Pure logic (no ImGui): App feeds it the work area, the font size and the open panels each
// frame and draws what it says (ui/app/panel_window.cpp, ui/widgets/splitter.cpp).
#include "ui/app/split_tree.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace mailsim::ui {

enum class Shape { Wide, Compact, Portrait, Phone };

const char* shape_name(Shape shape);
// The shape for a work area of width × height pixels at this font size (1 em).
Shape choose_shape(float width, float height, float em);

struct Region {
    std::string id;
    std::vector<std::string> panels; // the panels whose home this region is, in tab order
    bool header = true;              // false: the time controls strip, which has no tabs
};

struct LayoutPlan {
    Shape shape = Shape::Wide;
    SplitTree tree;
    std::vector<Region> regions;
};

LayoutPlan default_plan(Shape shape);

// One region as it is on screen this frame.
struct PlacedRegion {
    std::string id;
    Rect rect;                       // the whole region
    Rect header;                     // the tab strip (empty for a region without header)
    Rect body;                       // the active panel's window
    std::vector<std::string> panels; // open panels in this region, in tab order
    std::string active;
};

// A draggable boundary between two shown parts of the layout.
struct Splitter {
    std::string id; // "shape.node": the key its ratio is saved under
    Cut cut;
    Rect handle; // the strip that takes the mouse or the finger, centred on the boundary
    std::vector<std::string> before, after; // the regions on either side (left/top first)
};

// The width of a splitter's handle at this font size: a few pixels, more for big text.
float splitter_thickness(float em);
// The least room of a region: its tab header and a couple of lines, a few words wide.
MinSize region_min_size(float em, float header_height);

class Layout {
public:
    Layout();

    // Recomputes the layout for this frame: the shape from the work area (below the menu
    // bar), the regions' rectangles, and each region's active panel among the open ones.
    void update(Rect work, float em, float header_height,
                const std::map<std::string, bool>& open_panels);

    Shape shape() const { return m_plan.shape; }
    Rect work() const { return m_work; }
    const std::vector<PlacedRegion>& regions() const { return m_placed; }
    const std::vector<Splitter>& splitters() const { return m_splitters; }
    // The splitter whose handle, widened by `reach` on either side, holds this point; the
    // nearest one if several do (a finger is wider than a handle).
    const Splitter* splitter_near(float x, float y, float reach = 0) const;
    // The window of a panel that is shown this frame (the active tab of its region).
    std::optional<Rect> panel_rect(const std::string& id) const;
    bool visible(const std::string& id) const { return panel_rect(id).has_value(); }

    // Makes the panel the active tab of its region (from the next update on).
    void show(const std::string& id);
    // Shows several panels together (a lesson step's views): each one in its own region
    // where the shape has room, moving a panel out of its home region if its home is taken.
    // The region of `keep` (the lesson the student reads) is not taken.
    void show_together(const std::vector<std::string>& ids, const std::string& keep);
    // View > Reset layout: every panel back home, the first open panel of each region active,
    // every split of every shape at its default ratio.
    void reset();
    // A splitter dragged to `position` (an x or a y): its split's ratio follows, as far as
    // both sides keep their minimum, and the regions are placed again at once. Returns
    // whether the ratio changed.
    bool drag_splitter(const std::string& id, float position);
    // A double-click on a splitter: its split goes back to the plan's ratio.
    void reset_splitter(const std::string& id);
    // Split ratios the user dragged, per shape and node, for the settings.
    void set_ratio(int node, float ratio);
    std::map<std::string, float> ratios() const { return m_ratios; }
    void set_ratios(const std::map<std::string, float>& ratios);
    const LayoutPlan& plan() const { return m_plan; }

private:
    int region_of(const std::string& id) const;
    void place(); // tiles m_work with the inputs of the last update
    void place_splitters(const std::vector<Cut>& cuts);
    void enter_shape(Shape shape);
    void apply_ratios();
    std::string ratio_key(int node) const;
    void note_recent(const std::vector<std::string>& ids);
    // Places the panels as show_together does; returns the regions they (and keep) took.
    std::set<int> place_together(const std::vector<std::string>& ids, const std::string& keep);

    LayoutPlan m_plan;
    Rect m_work;
    float m_em = 17;
    float m_header_height = 27;
    std::map<std::string, int> m_home;  // panel -> home region in the current plan
    std::map<std::string, int> m_moved; // panel -> region it was moved to (show_together)
    std::vector<std::string> m_active;  // per region: the active panel (may be closed)
    std::vector<float> m_full_area;     // per region: its area with every region occupied
    std::vector<PlacedRegion> m_placed;
    std::vector<Splitter> m_splitters;
    std::map<std::string, float> m_ratios; // "shape.node" -> ratio
    std::vector<std::string> m_recent;     // panels asked for, most recent first
    std::vector<std::string> m_together;   // the last panels shown together (a step's views)
    std::map<std::string, bool> m_open;    // the open panels at the last update
    std::string m_keep;                    // the region the last step kept (the lesson's)
};

} // namespace mailsim::ui
