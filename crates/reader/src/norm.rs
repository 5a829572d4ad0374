//! Character-level normalisation for analysis.
//!
//! Analysis runs on a copy of each line where every character is mapped one-to-one
//! ([`norm_char`]): full-width ASCII to ASCII, the ideographic space to a space, and the
//! traditional characters of this field's vocabulary to simplified ones. Because the mapping
//! is one-to-one, a character range found in the normalised copy is the same range in the
//! original line, so quotes are always taken from the text as published.
//!
//! Pinyin that some mirror sites insert after characters ("重點(diǎn)") is removed before
//! that ([`strip_pinyin`]); it changes the length, so it is done once, when lines are made.

use std::sync::OnceLock;

/// Traditional → simplified pairs for the vocabulary of plan reports. Only characters that are
/// not themselves in use in simplified text are listed, so mapping is safe on simplified input.
const TRAD_SIMP: &str = "點点設设項项總总資资劃划計计較较長长為为過过時时間间進进個个開开實实際际達达萬万億亿\
與与這这們们來来對对發发國国經经濟济會会區区準准備备產产業业條条數数據据現现從从當当後后關关並并將将應应\
門门導导務务單单雙双樣样動动園园電电車车運运輸输環环衛卫歲岁職职稱称財财稅税幣币團团級级課课節节記记訊讯\
譯译識识證证護护獎奖錢钱舊旧鐵铁銀银險险陸陆陽阳陰阴隊队雜杂難难響响順顺預预領领頭头題题類类顯显風风飛飞\
館馆體体鬥斗鳥鸟黃黄齊齐龍龙積积畫画標标規规場场價价儲储營营銷销貿贸傳传統统線线組组織织綠绿緊紧繼继續续\
維维網网罰罚聯联聲声腦脑興兴舉举艱艰藝艺蘇苏號号處处補补裝装製制複复見见視视親亲覺觉觀观訂订認认討讨議议\
許许評评試试詳详誌志語语說说請请調调談谈論论諮咨講讲謀谋謝谢變变讓让豐丰貝贝負负貢贡貨货販贩貫贯責责貴贵\
費费貸贷貼贴賀贺賓宾賣卖質质購购贏赢趨趋跡迹踐践輕轻載载輔辅輪轮辦办農农迴回遠远適适選选遷迁遺遗還还邊边\
郵邮鄉乡醫医釋释針针鋼钢錄录鍵键鎮镇鏈链閒闲閣阁闊阔陣阵隨随隱隐雖虽離离靜静韓韩頁页須须頓顿頻频額额願愿\
顧顾飯饭養养餘余馬马驅驱驗验驚惊魚鱼鹽盐麗丽倉仓優优儀仪傷伤債债傾倾僅仅償偿兒儿內内兩两冊册淨净減减則则\
創创劇剧勞劳勢势勵励勸劝協协卻却廠厂參参吳吴員员問问啟启嚴严圍围圖图堅坚報报塊块壓压壞坏壯壮壽寿夠够夢梦\
奮奋婦妇學学寧宁審审寫写寬宽尋寻屆届屬属島岛幫帮廣广廢废彈弹徑径復复徵征態态惡恶慮虑懷怀戰战戶户拋抛\
捨舍掃扫換换損损擊击擔担擴扩擁拥擇择擬拟攝摄敗败斷断於于晉晋暫暂曆历東东極极構构樓楼樂乐橋桥機机檢检權权\
歡欢歐欧歷历殘残殺杀毀毁氣气漢汉溫温滿满漁渔潛潜災灾烏乌無无熱热爭争爾尔牆墙獨独獲获畢毕異异療疗盡尽監监\
盤盘確确礎础禮礼種种穩稳窮穷競竞筆笔築筑範范簡简糧粮約约紀纪紅红納纳純纯紙纸紡纺細细終终結结絕绝給给絡络\
絲丝綜综緒绪緣缘練练縣县縮缩績绩罷罢習习聖圣聞闻聽听肅肃膽胆臨临臺台艦舰莊庄華华葉叶蓋盖蘭兰蟲虫術术衝冲\
裡里覽览觸触託托訪访詞词誠诚該该誤误譜谱讀读豬猪貧贫賴赖賽赛贊赞趕赶躍跃軌轨軍军輛辆轄辖轉转辭辞週周遊游\
違违遞递遲迟鄰邻鋪铺錯错鍋锅鎖锁閉闭閃闪閱阅階阶隻只雞鸡雲云靈灵韌韧頂顶飲饮饋馈駕驾騎骑髒脏鬆松魯鲁鮮鲜\
鳳凤麥麦麵面黨党齡龄碼码灣湾滬沪漲涨匯汇閩闽粵粤贛赣遼辽陝陕彎弯爐炉燈灯煙烟燒烧燦灿狀状猶犹獻献瑣琐畝亩\
疊叠盜盗眾众礦矿禍祸穀谷竊窃籌筹籃篮糾纠紹绍網网編编緩缓縱纵繩绳繪绘繳缴脫脱腫肿膠胶艙舱蒼苍薦荐藥药蘋苹\
訴诉診诊詢询誕诞諾诺謹谨譽誉豎竖賄贿賠赔賦赋賬账賺赚贈赠蹤踪軟软軸轴輩辈輝辉輯辑轟轰辯辩邏逻釀酿鈔钞鉛铅\
銅铜銳锐鋒锋錦锦鍛锻鏡镜鐘钟鑒鉴鑽钻閥阀闡阐陳陈隸隶霧雾韻韵頒颁顆颗顏颜餐餐駐驻騰腾鬧闹鴨鸭鶴鹤鷹鹰齒齿\
廳厅縣县鎮镇範范簽签歸归盞盏廈厦蓮莲鄭郑漿浆灑洒濱滨瀋沈濃浓濕湿瀾澜灣湾煉炼煤煤爺爷犧牺獸兽璽玺甌瓯";

/// The traditional → simplified table, sorted for binary search, with a bitmap over the
/// main CJK block so that the common case (a character with no entry) costs one bit test.
struct TradTable {
    pairs: Vec<(char, char)>,
    bits: Vec<u64>,
}

const CJK_START: u32 = 0x4E00;
const CJK_END: u32 = 0x9FFF;

fn trad_table() -> &'static TradTable {
    static TABLE: OnceLock<TradTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let chars: Vec<char> = TRAD_SIMP.chars().filter(|c| !c.is_whitespace()).collect();
        let mut pairs: Vec<(char, char)> = chars
            .chunks_exact(2)
            .filter(|p| p[0] != p[1])
            .map(|p| (p[0], p[1]))
            .collect();
        pairs.sort_unstable();
        pairs.dedup_by_key(|p| p.0);
        let mut bits = vec![0u64; ((CJK_END - CJK_START) as usize) / 64 + 1];
        for (t, _) in &pairs {
            let u = *t as u32;
            if (CJK_START..=CJK_END).contains(&u) {
                let k = (u - CJK_START) as usize;
                bits[k / 64] |= 1 << (k % 64);
            }
        }
        TradTable { pairs, bits }
    })
}

fn simplified(c: char) -> char {
    let t = trad_table();
    let u = c as u32;
    if (CJK_START..=CJK_END).contains(&u) {
        let k = (u - CJK_START) as usize;
        if t.bits[k / 64] & (1 << (k % 64)) == 0 {
            return c;
        }
    }
    match t.pairs.binary_search_by_key(&c, |p| p.0) {
        Ok(i) => t.pairs[i].1,
        Err(_) => c,
    }
}

/// Maps one character to its analysis form. One character in, one character out.
pub fn norm_char(c: char) -> char {
    match c {
        // Full-width ASCII block (！ to ～) to ASCII.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        '﹪' => '%',
        '※' => '*',
        '〜' => '~',
        '≦' => '≤',
        '≧' => '≥',
        _ if (c as u32) < 0x3400 => c,
        _ => simplified(c),
    }
}

/// The normalised copy of a string, one character per character.
pub fn norm(s: &str) -> String {
    s.chars().map(norm_char).collect()
}

/// The normalised characters of a string.
pub fn norm_chars(s: &str) -> Vec<char> {
    s.chars().map(norm_char).collect()
}

fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || is_tone_vowel(c)
}

fn is_tone_vowel(c: char) -> bool {
    "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ".contains(c)
}

/// Removes pinyin annotations inserted after characters: `(diǎn)` / `（diǎn）`. Only
/// parentheses holding nothing but pinyin letters, at least one of them tone-marked, and
/// right after a CJK character are removed, so "(GDP)" or "(R&D)" stay.
/// Returns the text and whether anything was removed.
pub fn strip_pinyin(s: &str) -> (String, bool) {
    if !s.contains('(') && !s.contains('（') {
        return (s.to_string(), false);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c == '(' || c == '（') && i > 0 && is_cjk(chars[i - 1]) {
            let mut j = i + 1;
            let mut tone = false;
            while j < chars.len() && j - i <= 8 && is_pinyin_letter(chars[j]) {
                tone |= is_tone_vowel(chars[j]);
                j += 1;
            }
            if tone && j < chars.len() && (chars[j] == ')' || chars[j] == '）') && j > i + 1 {
                i = j + 1;
                changed = true;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    (out, changed)
}

/// CJK ideographs (and the ideographic iteration mark).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF | 0x3005)
}

/// Removes spaces that sit between two CJK characters ("指 标 名 称" → "指标名称",
/// "经济 发展 实力" → "经济发展实力") and trims.
pub fn compact(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let prev = out.chars().last();
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            match (prev, next) {
                (Some(p), Some(&n))
                    if (is_cjk(p) || is_cjk_punct(p)) && (is_cjk(n) || is_cjk_punct(n)) => {}
                (Some(' '), Some(_)) => {}
                (Some(_), Some(_)) => out.push(' '),
                _ => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn is_cjk_punct(c: char) -> bool {
    matches!(
        c,
        '（' | '）' | '、' | '，' | '。' | '：' | '；' | '“' | '”' | '《' | '》'
    )
}

/// Joins two pieces of one cell or sentence split over lines: nothing between CJK text,
/// a space between Latin words.
pub fn join_pieces(a: &str, b: &str) -> String {
    let a = a.trim_end();
    let b = b.trim_start();
    let last = a.chars().last();
    let first = b.chars().next();
    let mut s = String::with_capacity(a.len() + b.len() + 1);
    s.push_str(a);
    if let (Some(l), Some(f)) = (last, first)
        && l.is_ascii_alphanumeric()
        && f.is_ascii_alphanumeric()
    {
        s.push(' ');
    }
    s.push_str(b);
    s
}

/// The first 4-digit year written as "2023年" in a string (1900–2100).
pub fn first_year(s: &str) -> Option<i32> {
    let chars: Vec<char> = s.chars().map(norm_char).collect();
    let mut i = 0;
    while i + 4 < chars.len() {
        if chars[i..i + 4].iter().all(|c| c.is_ascii_digit())
            && chars[i + 4] == '年'
            && (i == 0 || !chars[i - 1].is_ascii_digit())
        {
            let y: String = chars[i..i + 4].iter().collect();
            if let Ok(y) = y.parse::<i32>()
                && (1900..=2100).contains(&y)
            {
                return Some(y);
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_full_width_and_traditional() {
        assert_eq!(norm("增长６．５％（万元）"), "增长6.5%(万元)");
        assert_eq!(norm("重點建設項目710項"), "重点建设项目710项");
        assert_eq!(norm("地区生产总值"), "地区生产总值");
    }

    #[test]
    fn strips_pinyin_only() {
        let (s, changed) = strip_pinyin("重點(diǎn)建設(shè)項(xiàng)目(GDP)");
        assert!(changed);
        assert_eq!(s, "重點建設項目(GDP)");
        assert_eq!(strip_pinyin("外资(FDI)").0, "外资(FDI)");
    }

    #[test]
    fn compacts_spaced_cjk() {
        assert_eq!(compact("指 标 名 称"), "指标名称");
        assert_eq!(compact(" 经济 发展 实力 "), "经济发展实力");
        assert_eq!(compact("R&D 投入"), "R&D 投入");
    }

    #[test]
    fn finds_years() {
        assert_eq!(first_year("2023年预期目标"), Some(2023));
        assert_eq!(first_year("１２０２３年"), None);
        assert_eq!(first_year("目标"), None);
    }
}

/// The ideographs of the Kangxi radicals U+2F00–U+2FD5, in order (their NFKC forms).
const KANGXI: &str = "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈戶手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠";

/// CJK radicals supplement (U+2E80–U+2EF3) drawn with the same glyph as an ideograph, with
/// that ideograph. NFKC maps only two of them (⺟, ⻳); the rest need this table.
const RADICAL_SUPPLEMENT: &[(char, char)] = &[
    ('⺁', '厂'),
    ('⺅', '亻'),
    ('⺆', '冂'),
    ('⺇', '几'),
    ('⺉', '刂'),
    ('⺊', '卜'),
    ('⺋', '㔾'),
    ('⺎', '兀'),
    ('⺏', '尣'),
    ('⺐', '尢'),
    ('⺒', '巳'),
    ('⺓', '幺'),
    ('⺔', '彑'),
    ('⺖', '忄'),
    ('⺗', '㣺'),
    ('⺘', '扌'),
    ('⺙', '攵'),
    ('⺛', '旡'),
    ('⺝', '月'),
    ('⺞', '歺'),
    ('⺟', '母'),
    ('⺠', '民'),
    ('⺡', '氵'),
    ('⺢', '氺'),
    ('⺣', '灬'),
    ('⺤', '爫'),
    ('⺦', '丬'),
    ('⺧', '牜'),
    ('⺨', '犭'),
    ('⺩', '王'),
    ('⺪', '疋'),
    ('⺫', '罒'),
    ('⺬', '示'),
    ('⺭', '礻'),
    ('⺯', '糹'),
    ('⺰', '纟'),
    ('⺲', '罒'),
    ('⺹', '耂'),
    ('⺺', '肀'),
    ('⺼', '月'),
    ('⺾', '艹'),
    ('⺿', '艹'),
    ('⻀', '艹'),
    ('⻁', '虎'),
    ('⻂', '衤'),
    ('⻃', '覀'),
    ('⻄', '西'),
    ('⻅', '见'),
    ('⻆', '角'),
    ('⻈', '讠'),
    ('⻉', '贝'),
    ('⻋', '车'),
    ('⻌', '辶'),
    ('⻍', '辶'),
    ('⻏', '阝'),
    ('⻐', '钅'),
    ('⻑', '長'),
    ('⻒', '镸'),
    ('⻓', '长'),
    ('⻔', '门'),
    ('⻖', '阝'),
    ('⻗', '雨'),
    ('⻘', '青'),
    ('⻙', '韦'),
    ('⻚', '页'),
    ('⻛', '风'),
    ('⻜', '飞'),
    ('⻝', '食'),
    ('⻟', '飠'),
    ('⻠', '饣'),
    ('⻢', '马'),
    ('⻣', '骨'),
    ('⻤', '鬼'),
    ('⻥', '鱼'),
    ('⻦', '鸟'),
    ('⻧', '卤'),
    ('⻨', '麦'),
    ('⻩', '黄'),
    ('⻪', '黾'),
    ('⻫', '斉'),
    ('⻬', '齐'),
    ('⻭', '歯'),
    ('⻮', '齿'),
    ('⻯', '竜'),
    ('⻰', '龙'),
    ('⻱', '龜'),
    ('⻲', '亀'),
    ('⻳', '龟'),
];

/// The ideograph a radical code point stands for, when a text layer (typically a PDF's
/// ToUnicode map built from a font that draws both with one glyph) wrote a radical instead.
pub fn radical_ideograph(c: char) -> Option<char> {
    let u = c as u32;
    if (0x2F00..=0x2FD5).contains(&u) {
        return KANGXI.chars().nth((u - 0x2F00) as usize);
    }
    if (0x2E80..=0x2EF3).contains(&u) {
        return RADICAL_SUPPLEMENT
            .binary_search_by_key(&c, |p| p.0)
            .ok()
            .map(|k| RADICAL_SUPPLEMENT[k].1);
    }
    None
}

/// A line with its radical code points replaced by ideographs, and how many there were.
pub fn map_radicals(line: &str) -> (std::borrow::Cow<'_, str>, usize) {
    if !line.chars().any(|c| ('\u{2E80}'..='\u{2FD5}').contains(&c)) {
        return (std::borrow::Cow::Borrowed(line), 0);
    }
    let mut n = 0;
    let s = line
        .chars()
        .map(|c| match radical_ideograph(c) {
            Some(i) => {
                n += 1;
                i
            }
            None => c,
        })
        .collect();
    (std::borrow::Cow::Owned(s), n)
}

#[cfg(test)]
mod radical_tests {
    use super::*;

    #[test]
    fn radicals_become_ideographs() {
        assert_eq!(KANGXI.chars().count(), 214);
        assert!(RADICAL_SUPPLEMENT.windows(2).all(|w| w[0].0 < w[1].0));
        let (s, n) = map_radicals("⽣产总值增⻓6.7%，⽬标⻅效，⻔⻘⻝⻢⻬⻰⻛⻜⻄");
        assert_eq!(s, "生产总值增长6.7%，目标见效，门青食马齐龙风飞西");
        assert_eq!(n, 13);
        assert_eq!(map_radicals("增长").1, 0);
    }
}
