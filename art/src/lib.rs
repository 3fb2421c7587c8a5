//! Generated artwork: deterministic SVG illustrations of hotels and rooms, drawn from a seed and a hue.

// Drawing helpers naturally take a position, a size and a few colours.
#![allow(clippy::too_many_arguments)]

mod building;
mod classic;
mod furniture;
mod hotel;
mod inland;
mod kit;
mod land;
mod props;
mod room;
mod street;
mod svg;
mod vernacular;
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
    pub const ALL: [Scene; 7] = [
        Scene::Coast,
        Scene::City,
        Scene::Mountain,
        Scene::Garden,
        Scene::Lake,
        Scene::Desert,
        Scene::Harbour,
    ];

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
    pub const ALL: [RoomKind; 6] = [
        RoomKind::Single,
        RoomKind::Double,
        RoomKind::Twin,
        RoomKind::Suite,
        RoomKind::Family,
        RoomKind::Loft,
    ];

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

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: usize = 12_000;

    /// Minimal XML well-formedness check: balanced, properly nested tags with quoted attributes.
    fn check_xml(doc: &str) -> Result<(), String> {
        let mut stack: Vec<&str> = Vec::new();
        let mut rest = doc;
        let mut roots = 0;
        while let Some(lt) = rest.find('<') {
            if !stack.is_empty() && rest[..lt].contains('&') {
                return Err("bare ampersand in text".into());
            }
            if stack.is_empty() && !rest[..lt].trim().is_empty() {
                return Err("text outside the root element".into());
            }
            let tag_start = &rest[lt + 1..];
            // Find the closing '>' outside quotes.
            let mut quote = None;
            let mut end = None;
            for (i, ch) in tag_start.char_indices() {
                match (quote, ch) {
                    (None, '"' | '\'') => quote = Some(ch),
                    (Some(q), c) if c == q => quote = None,
                    (None, '<') => return Err("'<' inside a tag".into()),
                    (None, '>') => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let end = end.ok_or("unterminated tag")?;
            let body = &tag_start[..end];
            if let Some(name) = body.strip_prefix('/') {
                let open = stack.pop().ok_or_else(|| format!("stray </{name}>"))?;
                if open != name.trim() {
                    return Err(format!("</{}> closes <{open}>", name.trim()));
                }
            } else {
                let self_closing = body.ends_with('/');
                let name = body
                    .trim_end_matches('/')
                    .split_whitespace()
                    .next()
                    .ok_or("empty tag")?;
                if !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':')
                {
                    return Err(format!("bad tag name {name:?}"));
                }
                if !body.matches('"').count().is_multiple_of(2) {
                    return Err(format!("unbalanced quotes in <{name}>"));
                }
                if stack.is_empty() {
                    roots += 1;
                }
                if !self_closing {
                    stack.push(name);
                }
            }
            rest = &tag_start[end + 1..];
        }
        if !stack.is_empty() {
            return Err(format!("unclosed <{}>", stack.join("><")));
        }
        if roots != 1 || !rest.trim().is_empty() {
            return Err("expected exactly one root element".into());
        }
        Ok(())
    }

    /// Every id is unique and every url(#..) / href="#.." points at one.
    fn check_refs(doc: &str) -> Result<(), String> {
        let ids: Vec<&str> = doc
            .split(" id=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        if sorted.len() != ids.len() {
            return Err("duplicate id".into());
        }
        for part in doc
            .split("url(#")
            .skip(1)
            .chain(doc.split("href=\"#").skip(1))
        {
            let r = &part[..part.find([')', '"']).unwrap()];
            if !ids.contains(&r) {
                return Err(format!("dangling reference #{r}"));
            }
        }
        Ok(())
    }

    fn check(doc: &str, w: u32, h: u32) {
        check_xml(doc).unwrap_or_else(|e| panic!("malformed SVG ({e}):\n{doc}"));
        check_refs(doc).unwrap();
        assert!(
            doc.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{}",
            &doc[..80]
        );
        assert!(doc.contains(&format!("viewBox=\"0 0 {w} {h}\"")));
        assert!(doc.contains("role=\"img\"") && doc.contains("aria-label=\""));
        assert!(
            !doc.contains("NaN") && !doc.contains("inf"),
            "non-finite number"
        );
        assert!(doc.len() < LIMIT, "SVG is {} bytes", doc.len());
    }

    #[test]
    fn parse_names() {
        for (name, scene) in [
            "coast", "city", "mountain", "garden", "lake", "desert", "harbour",
        ]
        .iter()
        .zip(Scene::ALL)
        {
            assert_eq!(Scene::parse(name), Some(scene));
        }
        assert_eq!(Scene::parse("Harbor"), Some(Scene::Harbour));
        assert_eq!(Scene::parse("volcano"), None);
        for (name, kind) in ["single", "double", "twin", "suite", "family", "loft"]
            .iter()
            .zip(RoomKind::ALL)
        {
            assert_eq!(RoomKind::parse(name), Some(kind));
        }
        assert_eq!(RoomKind::parse("dorm"), None);
    }

    #[test]
    fn hotel_art_is_well_formed_and_small() {
        for scene in Scene::ALL {
            for i in 0..40 {
                let doc = hotel_svg(&format!("hotel-{i}"), scene, (i * 37 % 360) as u16);
                check(&doc, 1200, 800);
            }
        }
    }

    #[test]
    fn room_art_is_well_formed_and_small() {
        for kind in RoomKind::ALL {
            for i in 0..40 {
                let doc = room_svg(&format!("room-{i}"), kind, (i * 53 % 360) as u16);
                check(&doc, 800, 600);
            }
        }
    }

    #[test]
    fn deterministic_per_seed() {
        for scene in Scene::ALL {
            assert_eq!(
                hotel_svg("casa-do-tejo", scene, 28),
                hotel_svg("casa-do-tejo", scene, 28)
            );
        }
        for kind in RoomKind::ALL {
            assert_eq!(
                room_svg("casa-do-tejo/twin", kind, 28),
                room_svg("casa-do-tejo/twin", kind, 28)
            );
        }
    }

    #[test]
    fn differs_across_seeds_and_hues() {
        for scene in Scene::ALL {
            let a = hotel_svg("alpha", scene, 200);
            assert_ne!(a, hotel_svg("alphb", scene, 200));
            assert_ne!(a, hotel_svg("alpha", scene, 20));
        }
        for kind in RoomKind::ALL {
            let a = room_svg("alpha", kind, 200);
            assert_ne!(a, room_svg("alphb", kind, 200));
            assert_ne!(a, room_svg("alpha", kind, 20));
        }
    }

    #[test]
    fn seed_text_never_appears_in_output() {
        let seed = "<script>&\"seed-marker\"";
        for scene in Scene::ALL {
            let doc = hotel_svg(seed, scene, 10);
            assert!(!doc.contains("seed-marker") && !doc.contains("<script>"));
            check(&doc, 1200, 800);
        }
        for kind in RoomKind::ALL {
            let doc = room_svg(seed, kind, 10);
            assert!(!doc.contains("seed-marker") && !doc.contains("<script>"));
        }
    }

    #[test]
    fn hue_out_of_range_is_wrapped() {
        assert_eq!(
            hotel_svg("x", Scene::Lake, 365),
            hotel_svg("x", Scene::Lake, 5)
        );
        assert_eq!(
            room_svg("x", RoomKind::Suite, 720),
            room_svg("x", RoomKind::Suite, 0)
        );
    }

    #[test]
    fn checker_rejects_broken_markup() {
        assert!(check_xml("<svg><g></svg>").is_err());
        assert!(check_xml("<svg><rect x=\"1/></svg>").is_err());
        assert!(check_xml("<svg></svg><svg></svg>").is_err());
        assert!(check_xml("<svg><g/></svg>").is_ok());
        assert!(check_refs("<svg><rect fill=\"url(#a)\"/></svg>").is_err());
    }
}
