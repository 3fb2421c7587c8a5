//! Generated artwork: deterministic SVG illustrations of hotels and rooms, drawn from a seed and a hue.

mod building;
mod hotel;
mod inland;
mod kit;
mod land;
mod props;
mod room;
mod waterside;

/// The setting a hotel illustration shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scene {
    Coast,
    City,
    Mountain,
    Garden,
    Lake,
    Desert,
    Harbour,
}

impl Scene {
    pub const ALL: [Scene; 7] = [Scene::Coast, Scene::City, Scene::Mountain, Scene::Garden, Scene::Lake, Scene::Desert, Scene::Harbour];

    /// Parses the lowercase name used in the demo data (`"coast"`, `"harbour"`, ...).
    pub fn parse(s: &str) -> Option<Scene> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "coast" => Scene::Coast,
            "city" => Scene::City,
            "mountain" => Scene::Mountain,
            "garden" => Scene::Garden,
            "lake" => Scene::Lake,
            "desert" => Scene::Desert,
            "harbour" | "harbor" => Scene::Harbour,
            _ => return None,
        })
    }
}

/// The kind of room an interior illustration shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RoomKind {
    Single,
    Double,
    Twin,
    Suite,
    Family,
    Loft,
}

impl RoomKind {
    pub const ALL: [RoomKind; 6] = [RoomKind::Single, RoomKind::Double, RoomKind::Twin, RoomKind::Suite, RoomKind::Family, RoomKind::Loft];

    /// Parses the lowercase name used in the demo data (`"double"`, `"loft"`, ...).
    pub fn parse(s: &str) -> Option<RoomKind> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "single" => RoomKind::Single,
            "double" => RoomKind::Double,
            "twin" => RoomKind::Twin,
            "suite" => RoomKind::Suite,
            "family" => RoomKind::Family,
            "loft" => RoomKind::Loft,
            _ => return None,
        })
    }
}

/// A 1200x800 landscape illustration of the hotel in its setting (viewBox="0 0 1200 800").
pub fn hotel_svg(seed: &str, scene: Scene, hue: u16) -> String {
    hotel::render(seed, scene, hue)
}

/// A 800x600 illustration of a room interior (bed(s), window with view, lamp, etc.).
pub fn room_svg(seed: &str, kind: RoomKind, hue: u16) -> String {
    room::render(seed, kind, hue)
}
