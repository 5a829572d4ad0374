//! A page's content stream into positioned glyphs and ruling lines (PDF 32000-1 §8–9).

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// One glyph drawn on the page, in user space (y grows upwards).
#[derive(Debug, Clone)]
pub(super) struct Glyph {
    pub text: String,
    /// Left and right of the glyph's advance.
    pub x0: f32,
    pub x1: f32,
    /// Baseline.
    pub y: f32,
    /// Font size in user space.
    pub size: f32,
}

/// A horizontal (`y0 == y1`) or vertical (`x0 == x1`) ruling line.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rule {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rule {
    pub fn horizontal(&self) -> bool {
        (self.y1 - self.y0).abs() < 0.01
    }
}

pub(super) struct Page {
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    /// Images drawn (a page of only images is a scan).
    pub images: usize,
    /// Glyphs whose text the font does not give.
    pub unmapped: usize,
    /// Top of the page (the media box's upper y), for telling headers from footers.
    pub top: f32,
    pub bottom: f32,
}

pub(super) enum PageError {
    /// The document's decompression budget is spent.
    Budget,
    Unreadable(String),
}

/// A line thinner than this (in user space units) is a rule, not a shaded area.
const THIN: f32 = 2.5;
/// Operations interpreted per page at most, Form XObjects included.
const MAX_OPS: usize = 5_000_000;
/// Form XObjects nested at most.
const MAX_FORM_DEPTH: usize = 8;

type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a × b` (apply `a` first, then `b`), as PDF composes matrices.
fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(&Object::Null)
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Dictionary> {
    match deref(doc, o) {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

fn get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().map(|o| deref(doc, o))
}

fn name_of(o: Option<&Object>) -> Option<&[u8]> {
    match o {
        Some(Object::Name(n)) => Some(n),
        _ => None,
    }
}

/// How a font's codes become text and advances.
struct Font {
    /// Bytes per code: 1 (simple fonts), 2 (CID fonts with Identity or UCS-2 CMaps), or 0
    /// for GBK-style CMaps (1 byte below 0x80, else 2).
    code_len: u8,
    to_unicode: HashMap<u32, String>,
    /// CMap codes are the text itself.
    ucs2: bool,
    gbk: bool,
    /// Single-byte encoding for simple fonts without a ToUnicode map.
    single: Option<&'static encoding_rs::Encoding>,
    differences: HashMap<u32, char>,
    widths: HashMap<u32, f32>,
    default_width: f32,
    /// Glyph-space units to text space (1/1000, or a Type 3 font's matrix).
    scale: f32,
}

impl Font {
    fn codes<'a>(&self, bytes: &'a [u8]) -> Vec<(u32, &'a [u8])> {
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let len = match self.code_len {
                0 => {
                    if bytes[i] < 0x80 {
                        1
                    } else {
                        2
                    }
                }
                n => n as usize,
            }
            .min(bytes.len() - i);
            let code = bytes[i..i + len]
                .iter()
                .fold(0u32, |a, b| (a << 8) | *b as u32);
            out.push((code, &bytes[i..i + len]));
            i += len;
        }
        out
    }

    /// The text of one code, or None when the font does not say.
    fn text(&self, code: u32, raw: &[u8]) -> Option<String> {
        if let Some(t) = self.to_unicode.get(&code) {
            return Some(t.clone());
        }
        if self.ucs2 {
            return char::from_u32(code).map(String::from);
        }
        if self.gbk {
            let (t, bad) = encoding_rs::GBK.decode_without_bom_handling(raw);
            return (!bad).then(|| t.into_owned());
        }
        if let Some(c) = self.differences.get(&code) {
            return Some(c.to_string());
        }
        if let Some(enc) = self.single {
            if code < 0x80 {
                return char::from_u32(code).map(String::from);
            }
            let (t, bad) = enc.decode_without_bom_handling(raw);
            return (!bad).then(|| t.into_owned());
        }
        None
    }

    fn width(&self, code: u32) -> f32 {
        self.widths
            .get(&code)
            .copied()
            .unwrap_or(self.default_width)
            * self.scale
    }
}

/// A ToUnicode CMap's `bfchar` and `bfrange` entries (codes to UTF-16BE strings).
fn parse_to_unicode(data: &[u8]) -> HashMap<u32, String> {
    #[derive(Debug)]
    enum Tok {
        Hex(Vec<u8>),
        Word(String),
        Open,
        Close,
    }
    let mut toks = Vec::new();
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'<' => {
                let end = data[i + 1..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(data.len(), |p| i + 1 + p);
                let digits: Vec<u8> = data[i + 1..end]
                    .iter()
                    .filter(|b| b.is_ascii_hexdigit())
                    .copied()
                    .collect();
                let bytes = digits
                    .chunks(2)
                    .map(|p| {
                        let s = std::str::from_utf8(p).unwrap_or("0");
                        let v = u8::from_str_radix(s, 16).unwrap_or(0);
                        if p.len() == 1 { v << 4 } else { v }
                    })
                    .collect();
                toks.push(Tok::Hex(bytes));
                i = end + 1;
            }
            b'[' => {
                toks.push(Tok::Open);
                i += 1;
            }
            b']' => {
                toks.push(Tok::Close);
                i += 1;
            }
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b if b.is_ascii_alphabetic() => {
                let start = i;
                while i < data.len() && data[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                toks.push(Tok::Word(
                    String::from_utf8_lossy(&data[start..i]).into_owned(),
                ));
            }
            _ => i += 1,
        }
    }
    let code = |b: &[u8]| b.iter().fold(0u32, |a, x| (a << 8) | *x as u32);
    let text = |b: &[u8]| {
        let units: Vec<u16> = b
            .chunks(2)
            .map(|p| {
                if p.len() == 2 {
                    u16::from_be_bytes([p[0], p[1]])
                } else {
                    p[0] as u16
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    let mut map = HashMap::new();
    let mut k = 0;
    let mut mode = "";
    while k < toks.len() {
        match &toks[k] {
            Tok::Word(w) if w == "beginbfchar" => mode = "char",
            Tok::Word(w) if w == "beginbfrange" => mode = "range",
            Tok::Word(w) if w.starts_with("end") => mode = "",
            Tok::Hex(src) if mode == "char" => {
                if let Some(Tok::Hex(dst)) = toks.get(k + 1) {
                    map.insert(code(src), text(dst));
                    k += 1;
                }
            }
            Tok::Hex(lo) if mode == "range" => {
                let Some(Tok::Hex(hi)) = toks.get(k + 1) else {
                    k += 1;
                    continue;
                };
                let (lo, hi) = (code(lo), code(hi));
                // A hostile map cannot make millions of entries.
                let hi = hi.min(lo.saturating_add(0xFFFF));
                match toks.get(k + 2) {
                    Some(Tok::Hex(dst)) if lo <= hi => {
                        let mut units: Vec<u16> = dst
                            .chunks(2)
                            .map(|p| {
                                if p.len() == 2 {
                                    u16::from_be_bytes([p[0], p[1]])
                                } else {
                                    p[0] as u16
                                }
                            })
                            .collect();
                        for c in lo..=hi {
                            map.insert(c, String::from_utf16_lossy(&units));
                            if let Some(last) = units.last_mut() {
                                *last = last.wrapping_add(1);
                            }
                        }
                        k += 2;
                    }
                    Some(Tok::Open) => {
                        let mut j = k + 3;
                        let mut c = lo;
                        while let Some(Tok::Hex(dst)) = toks.get(j) {
                            if c <= hi {
                                map.insert(c, text(dst));
                            }
                            c = c.saturating_add(1);
                            j += 1;
                        }
                        k = j;
                    }
                    _ => k += 1,
                }
            }
            _ => {}
        }
        k += 1;
    }
    map
}

/// Glyph names of a `/Differences` array that matter for figures and punctuation.
fn glyph_name_char(name: &[u8]) -> Option<char> {
    let n = std::str::from_utf8(name).ok()?;
    if let Some(hex) = n.strip_prefix("uni").or_else(|| n.strip_prefix('u'))
        && (4..=6).contains(&hex.len())
        && let Ok(v) = u32::from_str_radix(hex, 16)
    {
        return char::from_u32(v);
    }
    let c = match n {
        "space" => ' ',
        "zero" => '0',
        "one" => '1',
        "two" => '2',
        "three" => '3',
        "four" => '4',
        "five" => '5',
        "six" => '6',
        "seven" => '7',
        "eight" => '8',
        "nine" => '9',
        "period" => '.',
        "comma" => ',',
        "percent" => '%',
        "hyphen" | "minus" => '-',
        "parenleft" => '(',
        "parenright" => ')',
        "slash" => '/',
        "colon" => ':',
        "asterisk" => '*',
        "numbersign" => '#',
        "plus" => '+',
        _ if n.len() == 1 => n.chars().next()?,
        _ => return None,
    };
    Some(c)
}

fn load_font(doc: &Document, font: &Dictionary, budget: &mut usize) -> Font {
    let subtype = name_of(get(doc, font, b"Subtype")).unwrap_or(b"");
    let mut f = Font {
        code_len: 1,
        to_unicode: HashMap::new(),
        ucs2: false,
        gbk: false,
        single: None,
        differences: HashMap::new(),
        widths: HashMap::new(),
        default_width: 1000.0,
        scale: 0.001,
    };
    if let Some(Object::Stream(s)) = get(doc, font, b"ToUnicode")
        && let Ok(data) = s.decompressed_content_with_limit(*budget)
    {
        *budget = budget.saturating_sub(data.len());
        f.to_unicode = parse_to_unicode(&data);
    }
    let encoding = get(doc, font, b"Encoding");
    if subtype == b"Type0" {
        let cmap = name_of(encoding).unwrap_or(b"Identity-H");
        f.code_len = 2;
        if cmap.starts_with(b"UniGB-UCS2") || cmap.starts_with(b"UniGB-UTF16") {
            f.ucs2 = true;
        } else if cmap.starts_with(b"GBK")
            || cmap.starts_with(b"GB-EUC")
            || cmap.starts_with(b"GBpc")
        {
            f.code_len = 0;
            f.gbk = true;
        }
        let descendant = match get(doc, font, b"DescendantFonts") {
            Some(Object::Array(a)) => a.first().and_then(|d| dict(doc, d)),
            _ => None,
        };
        if let Some(cid) = descendant {
            if let Some(dw) = get(doc, cid, b"DW").and_then(num) {
                f.default_width = dw;
            }
            if let Some(Object::Array(w)) = get(doc, cid, b"W") {
                let mut k = 0;
                while k < w.len() {
                    let Some(first) = num(deref(doc, &w[k])) else {
                        break;
                    };
                    match w.get(k + 1).map(|o| deref(doc, o)) {
                        Some(Object::Array(ws)) => {
                            for (j, x) in ws.iter().enumerate().take(0x10000) {
                                if let Some(x) = num(deref(doc, x)) {
                                    f.widths.insert(first as u32 + j as u32, x);
                                }
                            }
                            k += 2;
                        }
                        Some(o) => {
                            let last = num(o).unwrap_or(first);
                            let x = w
                                .get(k + 2)
                                .and_then(|o| num(deref(doc, o)))
                                .unwrap_or(f.default_width);
                            let (a, b) = (first as u32, (last as u32).min(first as u32 + 0xFFFF));
                            for c in a..=b {
                                f.widths.insert(c, x);
                            }
                            k += 3;
                        }
                        None => break,
                    }
                }
            }
        }
        return f;
    }
    if subtype == b"Type3"
        && let Some(Object::Array(m)) = get(doc, font, b"FontMatrix")
        && let Some(a) = m.first().and_then(num)
    {
        f.scale = a.abs();
    }
    f.single = Some(encoding_rs::WINDOWS_1252);
    match encoding {
        Some(Object::Name(n)) if n.starts_with(b"GBK") || n.starts_with(b"GB") => {
            f.code_len = 0;
            f.gbk = true;
        }
        Some(Object::Dictionary(e)) => {
            if let Some(Object::Array(d)) = get(doc, e, b"Differences") {
                let mut code = 0u32;
                for o in d {
                    match deref(doc, o) {
                        Object::Integer(c) => code = (*c).clamp(0, 255) as u32,
                        Object::Name(n) => {
                            if let Some(c) = glyph_name_char(n) {
                                f.differences.insert(code, c);
                            }
                            code += 1;
                        }
                        _ => {}
                    }
                }
            }
        }
        _ => {}
    }
    let first = get(doc, font, b"FirstChar").and_then(num).unwrap_or(0.0) as u32;
    if let Some(Object::Array(ws)) = get(doc, font, b"Widths") {
        for (j, w) in ws.iter().enumerate().take(256) {
            if let Some(w) = num(deref(doc, w)) {
                f.widths.insert(first + j as u32, w);
            }
        }
    }
    f.default_width = get(doc, font, b"FontDescriptor")
        .and_then(|d| dict(doc, d))
        .and_then(|d| get(doc, d, b"MissingWidth"))
        .and_then(num)
        .unwrap_or(if subtype == b"Type3" { 0.0 } else { 500.0 });
    f
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    char_spacing: f32,
    word_spacing: f32,
    h_scale: f32,
    leading: f32,
    rise: f32,
    font: Option<Rc<Font>>,
    size: f32,
}

struct Interp<'a> {
    doc: &'a Document,
    fonts: HashMap<ObjectId, Rc<Font>>,
    page: Page,
    ops: usize,
    budget: &'a mut usize,
}

/// The page's content stream (and the forms it draws) into glyphs and rules.
pub(super) fn read_page(
    doc: &Document,
    page_id: ObjectId,
    budget: &mut usize,
) -> Result<Page, PageError> {
    let data = doc
        .get_page_content_with_limit(page_id, *budget)
        .map_err(|e| match e {
            lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
                PageError::Budget
            }
            e => PageError::Unreadable(e.to_string()),
        })?;
    *budget = budget.saturating_sub(data.len());
    let (top, bottom) = media_box(doc, page_id);
    let resources = page_resources(doc, page_id);
    let mut it = Interp {
        doc,
        fonts: HashMap::new(),
        page: Page {
            glyphs: Vec::new(),
            rules: Vec::new(),
            images: 0,
            unmapped: 0,
            top,
            bottom,
        },
        ops: 0,
        budget,
    };
    let content = Content::decode(&data).map_err(|e| PageError::Unreadable(e.to_string()))?;
    let gs = GState {
        ctm: IDENTITY,
        char_spacing: 0.0,
        word_spacing: 0.0,
        h_scale: 1.0,
        leading: 0.0,
        rise: 0.0,
        font: None,
        size: 0.0,
    };
    it.run(&content.operations, &resources, gs, 0);
    Ok(it.page)
}

fn media_box(doc: &Document, page_id: ObjectId) -> (f32, f32) {
    let mut node = doc.get_dictionary(page_id).ok();
    let mut hops = 0;
    while let Some(d) = node {
        if let Some(Object::Array(b)) = get(doc, d, b"MediaBox")
            && b.len() == 4
        {
            let v: Vec<f32> = b.iter().filter_map(|o| num(deref(doc, o))).collect();
            if v.len() == 4 {
                return (v[1].max(v[3]), v[1].min(v[3]));
            }
        }
        hops += 1;
        if hops > 32 {
            break;
        }
        node = get(doc, d, b"Parent").and_then(|p| dict(doc, p));
    }
    (842.0, 0.0)
}

/// The page's resource dictionaries, nearest first.
fn page_resources(doc: &Document, page_id: ObjectId) -> Vec<Dictionary> {
    let mut out = Vec::new();
    if let Ok((direct, ids)) = doc.get_page_resources(page_id) {
        if let Some(d) = direct {
            out.push(d.clone());
        }
        for id in ids {
            if let Ok(d) = doc.get_dictionary(id) {
                out.push(d.clone());
            }
        }
    }
    out
}

impl Interp<'_> {
    fn lookup<'r>(
        &'r self,
        resources: &'r [Dictionary],
        kind: &[u8],
        name: &[u8],
    ) -> Option<(Option<ObjectId>, &'r Object)> {
        for r in resources {
            if let Some(d) = get(self.doc, r, kind).and_then(|o| match o {
                Object::Dictionary(d) => Some(d),
                _ => None,
            }) && let Ok(o) = d.get(name)
            {
                let id = match o {
                    Object::Reference(id) => Some(*id),
                    _ => None,
                };
                return Some((id, deref(self.doc, o)));
            }
        }
        None
    }

    fn font(&mut self, resources: &[Dictionary], name: &[u8]) -> Option<Rc<Font>> {
        let (id, obj) = self.lookup(resources, b"Font", name)?;
        if let Some(id) = id
            && let Some(f) = self.fonts.get(&id)
        {
            return Some(f.clone());
        }
        let Object::Dictionary(d) = obj else {
            return None;
        };
        let d = d.clone();
        let f = Rc::new(load_font(self.doc, &d, self.budget));
        if let Some(id) = id {
            self.fonts.insert(id, f.clone());
        }
        Some(f)
    }

    fn run(
        &mut self,
        ops: &[lopdf::content::Operation],
        resources: &[Dictionary],
        mut gs: GState,
        depth: usize,
    ) {
        let mut stack: Vec<GState> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        // The current path's rectangles and segments, in user space.
        let mut path: Vec<Rule> = Vec::new();
        let mut boxes: Vec<[f32; 4]> = Vec::new();
        let mut cur: Option<(f32, f32)> = None;
        let mut start: Option<(f32, f32)> = None;
        for op in ops {
            self.ops += 1;
            if self.ops > MAX_OPS {
                return;
            }
            let a = &op.operands;
            let f = |k: usize| a.get(k).and_then(num).unwrap_or(0.0);
            match op.operator.as_str() {
                "q" if stack.len() < 256 => stack.push(gs.clone()),
                "Q" => {
                    if let Some(g) = stack.pop() {
                        gs = g;
                    }
                }
                "cm" if a.len() == 6 => {
                    gs.ctm = mul(&[f(0), f(1), f(2), f(3), f(4), f(5)], &gs.ctm);
                }
                "BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                "Tf" => {
                    if let Some(Object::Name(n)) = a.first() {
                        gs.font = self.font(resources, n);
                    }
                    gs.size = f(1);
                }
                "Tc" => gs.char_spacing = f(0),
                "Tw" => gs.word_spacing = f(0),
                "Tz" => gs.h_scale = f(0) / 100.0,
                "TL" => gs.leading = f(0),
                "Ts" => gs.rise = f(0),
                "Td" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, f(0), f(1)], &tlm);
                    tm = tlm;
                }
                "TD" => {
                    gs.leading = -f(1);
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, f(0), f(1)], &tlm);
                    tm = tlm;
                }
                "Tm" if a.len() == 6 => {
                    tlm = [f(0), f(1), f(2), f(3), f(4), f(5)];
                    tm = tlm;
                }
                "T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" => {
                    if op.operator != "Tj" {
                        if op.operator == "\"" {
                            gs.word_spacing = f(0);
                            gs.char_spacing = f(1);
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                        tm = tlm;
                    }
                    if let Some(Object::String(s, _)) = a.last() {
                        self.show(s, &gs, &mut tm);
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = a.first() {
                        for item in items {
                            match item {
                                Object::String(s, _) => self.show(s, &gs, &mut tm),
                                o => {
                                    if let Some(n) = num(o) {
                                        let tx = -n / 1000.0 * gs.size * gs.h_scale;
                                        tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                                    }
                                }
                            }
                        }
                    }
                }
                "re" if a.len() == 4 => {
                    let (x, y, w, h) = (f(0), f(1), f(2), f(3));
                    let p = [
                        apply(&gs.ctm, x, y),
                        apply(&gs.ctm, x + w, y),
                        apply(&gs.ctm, x, y + h),
                        apply(&gs.ctm, x + w, y + h),
                    ];
                    let xs = p.map(|q| q.0);
                    let ys = p.map(|q| q.1);
                    let bx = [
                        xs.iter().copied().fold(f32::MAX, f32::min),
                        ys.iter().copied().fold(f32::MAX, f32::min),
                        xs.iter().copied().fold(f32::MIN, f32::max),
                        ys.iter().copied().fold(f32::MIN, f32::max),
                    ];
                    boxes.push(bx);
                    let start_pt = apply(&gs.ctm, x, y);
                    cur = Some(start_pt);
                    start = Some(start_pt);
                }
                "m" => {
                    let p = apply(&gs.ctm, f(0), f(1));
                    cur = Some(p);
                    start = Some(p);
                }
                "l" => {
                    let p = apply(&gs.ctm, f(0), f(1));
                    if let Some(c) = cur {
                        path.push(Rule {
                            x0: c.0,
                            y0: c.1,
                            x1: p.0,
                            y1: p.1,
                        });
                    }
                    cur = Some(p);
                }
                "h" => {
                    if let (Some(c), Some(s)) = (cur, start) {
                        path.push(Rule {
                            x0: c.0,
                            y0: c.1,
                            x1: s.0,
                            y1: s.1,
                        });
                    }
                    cur = start;
                }
                "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => {
                    let stroke =
                        matches!(op.operator.as_str(), "S" | "s" | "B" | "B*" | "b" | "b*");
                    self.paint(&boxes, &path, stroke);
                    path.clear();
                    boxes.clear();
                    cur = None;
                    start = None;
                }
                "n" => {
                    path.clear();
                    boxes.clear();
                    cur = None;
                    start = None;
                }
                "BI" | "ID" | "EI" => self.page.images += 1,
                "Do" => {
                    let Some(Object::Name(n)) = a.first() else {
                        continue;
                    };
                    let Some((_, Object::Stream(s))) = self.lookup(resources, b"XObject", n) else {
                        continue;
                    };
                    match name_of(get(self.doc, &s.dict, b"Subtype")) {
                        Some(b"Image") => self.page.images += 1,
                        Some(b"Form") if depth < MAX_FORM_DEPTH => {
                            let s = s.clone();
                            let Ok(data) = s
                                .decompressed_content_with_limit(*self.budget)
                                .or_else(|_| Ok::<_, lopdf::Error>(s.content.clone()))
                            else {
                                continue;
                            };
                            *self.budget = self.budget.saturating_sub(data.len());
                            let Ok(content) = Content::decode(&data) else {
                                continue;
                            };
                            let mut inner = gs.clone();
                            if let Some(Object::Array(m)) = get(self.doc, &s.dict, b"Matrix")
                                && m.len() == 6
                            {
                                let v: Vec<f32> = m.iter().filter_map(num).collect();
                                if v.len() == 6 {
                                    inner.ctm = mul(&[v[0], v[1], v[2], v[3], v[4], v[5]], &gs.ctm);
                                }
                            }
                            let mut res: Vec<Dictionary> = Vec::new();
                            if let Some(d) =
                                get(self.doc, &s.dict, b"Resources").and_then(|o| match o {
                                    Object::Dictionary(d) => Some(d.clone()),
                                    _ => None,
                                })
                            {
                                res.push(d);
                            }
                            res.extend(resources.iter().cloned());
                            self.run(&content.operations, &res, inner, depth + 1);
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
    }

    fn paint(&mut self, boxes: &[[f32; 4]], path: &[Rule], stroke: bool) {
        for b in boxes {
            let (w, h) = (b[2] - b[0], b[3] - b[1]);
            if h <= THIN && w > THIN {
                let y = (b[1] + b[3]) / 2.0;
                self.rule(b[0], y, b[2], y);
            } else if w <= THIN && h > THIN {
                let x = (b[0] + b[2]) / 2.0;
                self.rule(x, b[1], x, b[3]);
            } else if stroke && w > THIN && h > THIN {
                self.rule(b[0], b[1], b[2], b[1]);
                self.rule(b[0], b[3], b[2], b[3]);
                self.rule(b[0], b[1], b[0], b[3]);
                self.rule(b[2], b[1], b[2], b[3]);
            }
        }
        for s in path {
            if (s.y1 - s.y0).abs() < 0.5 && (s.x1 - s.x0).abs() > THIN {
                let y = (s.y0 + s.y1) / 2.0;
                self.rule(s.x0.min(s.x1), y, s.x0.max(s.x1), y);
            } else if (s.x1 - s.x0).abs() < 0.5 && (s.y1 - s.y0).abs() > THIN {
                let x = (s.x0 + s.x1) / 2.0;
                self.rule(x, s.y0.min(s.y1), x, s.y0.max(s.y1));
            }
        }
    }

    fn rule(&mut self, x0: f32, y0: f32, x1: f32, y1: f32) {
        if self.page.rules.len() < 200_000 {
            self.page.rules.push(Rule { x0, y0, x1, y1 });
        }
    }

    fn show(&mut self, s: &[u8], gs: &GState, tm: &mut Matrix) {
        let Some(font) = gs.font.clone() else {
            return;
        };
        for (code, raw) in font.codes(s) {
            let w0 = font.width(code);
            let space = raw.len() == 1 && code == 32;
            let tx = (w0 * gs.size + gs.char_spacing + if space { gs.word_spacing } else { 0.0 })
                * gs.h_scale;
            let trm = mul(
                &[gs.size * gs.h_scale, 0.0, 0.0, gs.size, 0.0, gs.rise],
                &mul(tm, &gs.ctm),
            );
            let (x, y) = apply(&trm, 0.0, 0.0);
            let next = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
            let (x1, _) = apply(&mul(&next, &gs.ctm), 0.0, gs.rise);
            // The glyph's size on the page: the length of its vertical unit.
            let size = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
            *tm = next;
            // Only upright text (not rotated, not mirrored) is laid out.
            if trm[1].abs() > 0.01 * size || trm[0] <= 0.0 || trm[3] <= 0.0 {
                continue;
            }
            let text = match font.text(code, raw) {
                Some(t) => t,
                None => {
                    self.page.unmapped += 1;
                    "\u{FFFD}".to_string()
                }
            };
            if self.page.glyphs.len() < 2_000_000 {
                self.page.glyphs.push(Glyph {
                    text,
                    x0: x.min(x1),
                    x1: x.max(x1),
                    y,
                    size,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_unicode_chars_and_ranges() {
        let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            2 beginbfchar <0003> <957F> <0004> <2ED3> endbfchar\n\
            1 beginbfrange <0010> <0012> <0030> endbfrange\n\
            1 beginbfrange <0020> <0021> [<4E00> <4E8C>] endbfrange";
        let m = parse_to_unicode(cmap);
        assert_eq!(m[&3], "长");
        assert_eq!(m[&4], "⻓");
        assert_eq!(m[&0x12], "2");
        assert_eq!(m[&0x21], "二");
    }

    #[test]
    fn matrices_compose_as_pdf_does() {
        let flip: Matrix = [0.24, 0.0, 0.0, -0.24, 0.0, 792.0];
        let tm: Matrix = [1.0, 0.0, 0.0, -1.0, 8.0, 51.0];
        let m = mul(&tm, &flip);
        let (x, y) = apply(&m, 0.0, 0.0);
        assert!((x - 1.92).abs() < 1e-3 && (y - (792.0 - 12.24)).abs() < 1e-3);
        assert!(m[3] > 0.0);
    }
}
