//! Room interior illustrations (800x600).
use super::RoomKind;
pub fn render(_seed: &str, _kind: RoomKind, _hue: u16) -> String { String::new() }
