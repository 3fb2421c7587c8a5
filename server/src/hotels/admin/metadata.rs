//! Strips what a camera or an editor wrote into a photo (place, device, owner, comments, edit
//! history) before it is stored, keeping what changes how it looks: colour profile, orientation.
use app::model::FieldErrors;
use img_parts::jpeg::{Jpeg, JpegSegment, markers};
use img_parts::png::Png;
use img_parts::webp::{CHUNK_EXIF, CHUNK_XMP, WebP};
use img_parts::{Bytes, ImageEXIF};

/// PNG chunks that only carry text or times.
const PNG_TEXT: [[u8; 4]; 4] = [*b"tEXt", *b"iTXt", *b"zTXt", *b"tIME"];

/// The photo without its metadata (`kind` is the sniffed content type), and whether browsers
/// show it turned a quarter (EXIF orientations 5–8 swap width and height).
pub fn strip(bytes: &[u8], kind: &str) -> Result<(Vec<u8>, bool), FieldErrors> {
    let damaged = |_| FieldErrors::one("photo", "This image file is damaged or incomplete.");
    let input = Bytes::copy_from_slice(bytes);
    let turn: Option<u32>;
    let out = match kind {
        "image/jpeg" => {
            let mut jpeg = Jpeg::from_bytes(input).map_err(damaged)?;
            turn = jpeg.exif().and_then(|e| orientation(&e));
            // APP1 holds EXIF and XMP, APP13 Photoshop's IPTC; APP0 (JFIF), APP2 (ICC) and APP14
            // (Adobe colour transform) stay.
            for marker in [markers::APP1, markers::APP13, markers::COM] {
                jpeg.remove_segments_by_marker(marker);
            }
            if let Some(turn) = turn {
                // Right after SOI, or after JFIF's APP0 (img-parts' `set_exif` puts it 4th).
                let at =
                    usize::from(jpeg.segments().first().map(|s| s.marker()) == Some(markers::APP0));
                let exif = [b"Exif\0\0".as_slice(), &only_orientation(turn)].concat();
                let segment = JpegSegment::new_with_contents(markers::APP1, Bytes::from(exif));
                jpeg.segments_mut().insert(at, segment);
            }
            jpeg.encoder().bytes()
        }
        "image/png" => {
            let mut png = Png::from_bytes(input).map_err(damaged)?;
            turn = png.exif().and_then(|e| orientation(&e));
            png.chunks_mut().retain(|c| !PNG_TEXT.contains(&c.kind()));
            png.set_exif(turn.map(only_orientation));
            png.encoder().bytes()
        }
        "image/webp" => {
            let mut webp = WebP::from_bytes(input).map_err(damaged)?;
            turn = webp.exif().and_then(|e| orientation(&e));
            webp.remove_chunks_by_id(CHUNK_XMP);
            webp.remove_chunks_by_id(CHUNK_EXIF);
            webp.set_exif(turn.map(only_orientation));
            webp.encoder().bytes()
        }
        _ => {
            return Err(FieldErrors::one(
                "photo",
                "Upload a JPEG, PNG or WebP image.",
            ));
        }
    };
    Ok((out.to_vec(), matches!(turn, Some(5..=8))))
}

/// The EXIF orientation (2–8) when it is not the default: browsers turn the photo by it.
fn orientation(exif: &Bytes) -> Option<u32> {
    let fields = exif::Reader::new().read_raw(exif.to_vec()).ok()?;
    let field = fields.get_field(exif::Tag::Orientation, exif::In::PRIMARY)?;
    field.value.get_uint(0).filter(|o| (2..=8).contains(o))
}

/// An EXIF block holding the orientation and nothing else.
fn only_orientation(value: u32) -> Bytes {
    let field = exif::Field {
        tag: exif::Tag::Orientation,
        ifd_num: exif::In::PRIMARY,
        value: exif::Value::Short(vec![value as u16]),
    };
    let mut writer = exif::experimental::Writer::new();
    writer.push_field(&field);
    let mut out = std::io::Cursor::new(Vec::new());
    match writer.write(&mut out, false) {
        Ok(()) => Bytes::from(out.into_inner()),
        // Writing one short into memory cannot fail; losing the turn beats refusing the photo.
        Err(_) => Bytes::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JPEG container as cameras write it: EXIF (orientation, camera, GPS), XMP, a comment,
    /// an ICC profile, then a frame header and a scan. Only the container is checked here, so
    /// the scan need not decode.
    fn camera_jpeg() -> Vec<u8> {
        let mut fields = Vec::new();
        let mut push = |tag, ifd_num, value| {
            fields.push(exif::Field {
                tag,
                ifd_num,
                value,
            });
        };
        push(
            exif::Tag::Orientation,
            exif::In::PRIMARY,
            exif::Value::Short(vec![6]),
        );
        push(
            exif::Tag::Make,
            exif::In::PRIMARY,
            exif::Value::Ascii(vec![b"SecretCam".to_vec()]),
        );
        push(
            exif::Tag::GPSLatitudeRef,
            exif::In::PRIMARY,
            exif::Value::Ascii(vec![b"N".to_vec()]),
        );
        let mut writer = exif::experimental::Writer::new();
        for f in &fields {
            writer.push_field(f);
        }
        let mut tiff = std::io::Cursor::new(Vec::new());
        writer.write(&mut tiff, false).unwrap();
        let segment = |marker: u8, body: &[u8]| {
            let mut s = vec![0xFF, marker];
            s.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
            s.extend_from_slice(body);
            s
        };
        let mut jpeg = vec![0xFF, 0xD8];
        jpeg.extend(segment(
            0xE1,
            &[b"Exif\0\0".as_slice(), &tiff.into_inner()].concat(),
        ));
        jpeg.extend(segment(
            0xE1,
            b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>Owner Name</x:xmpmeta>",
        ));
        jpeg.extend(segment(0xFE, b"shot at the owner's flat"));
        jpeg.extend(segment(0xE2, b"ICC_PROFILE\0\x01\x01colours"));
        // SOF0: 8 bits, 480 × 640, one component.
        jpeg.extend(segment(0xC0, &[8, 0x02, 0x80, 0x01, 0xE0, 1, 1, 0x11, 0]));
        jpeg.extend(segment(0xDA, &[1, 1, 0, 0, 63, 0]));
        jpeg.extend([0x12, 0x34, 0x56, 0xFF, 0xD9]);
        jpeg
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn jpeg_keeps_orientation_and_colours_only() {
        let input = camera_jpeg();
        let (out, sideways) = strip(&input, "image/jpeg").unwrap();
        assert!(sideways, "orientation 6 is a quarter turn");
        for secret in [
            &b"SecretCam"[..],
            b"Owner Name",
            b"owner's flat",
            b"xap/1.0",
        ] {
            assert!(contains(&input, secret) && !contains(&out, secret));
        }
        assert!(contains(&out, b"ICC_PROFILE"), "the colour profile stays");
        let jpeg = Jpeg::from_bytes(Bytes::from(out.clone())).unwrap();
        assert_eq!(
            jpeg.segments()[0].marker(),
            markers::APP1,
            "EXIF leads, as readers expect"
        );
        assert_eq!(orientation(&jpeg.exif().unwrap()), Some(6));
        let size = imagesize::blob_size(&out).unwrap();
        assert_eq!((size.width, size.height), (480, 640));
        assert!(
            out.ends_with(&[0x12, 0x34, 0x56, 0xFF, 0xD9]),
            "the image data is untouched"
        );
    }

    #[test]
    fn upright_photos_carry_no_exif_at_all() {
        let mut input = camera_jpeg();
        // Orientation 6 → 1 (the first IFD entry's value, big-endian).
        let at = input
            .windows(4)
            .position(|w| w == [0x01, 0x12, 0x00, 0x03])
            .unwrap();
        input[at + 9] = 1;
        let (out, sideways) = strip(&input, "image/jpeg").unwrap();
        assert!(!sideways);
        assert!(Jpeg::from_bytes(Bytes::from(out)).unwrap().exif().is_none());
    }

    fn plain_png(w: u32, h: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = ::png::Encoder::new(&mut out, w, h);
        encoder.set_color(::png::ColorType::Rgb);
        let mut writer = encoder.write_header().unwrap();
        writer
            .write_image_data(&vec![180; (w * h * 3) as usize])
            .unwrap();
        writer.finish().unwrap();
        out
    }

    #[test]
    fn png_text_chunks_go() {
        let mut png = Png::from_bytes(Bytes::from(plain_png(400, 400))).unwrap();
        let text =
            img_parts::png::PngChunk::new(*b"tEXt", Bytes::from_static(b"Author\0Owner Name"));
        png.chunks_mut().insert(1, text);
        let input = png.encoder().bytes().to_vec();
        let (out, _) = strip(&input, "image/png").unwrap();
        assert!(contains(&input, b"Owner Name") && !contains(&out, b"Owner Name"));
        assert_eq!(imagesize::blob_size(&out).unwrap().width, 400);
    }

    #[test]
    fn broken_containers_are_refused() {
        assert!(strip(b"\xFF\xD8\xFF\xE1\xFF", "image/jpeg").is_err());
        assert!(strip(b"\x89PNG\r\n\x1a\nxx", "image/png").is_err());
    }
}
