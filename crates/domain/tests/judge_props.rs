//! Property tests: judging never panics and always explains itself; a better actual never
//! yields a worse status; a bound actual, when decided, agrees with the value at its bound;
//! verdicts without explanations are the full judgements' statuses, rules and directions;
//! the diff and the rules reader never panic.

use planwatch_domain::diff::{diff_plans, similarity};
use planwatch_domain::judge::{
    judge_indicator, judge_plan, judge_plan_in, judge_plan_verdicts, rule_ids, rule_name,
};
use planwatch_domain::{
    Approx, Cmp, Direction, Expr, Form, IndicatorDef, IndicatorKind, Lang, Plan, PlanIndicator,
    Quantity, Relation, Rules, Status,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

const UNITS: &[&str] = &[
    "",
    "%",
    "个百分点",
    "亿元",
    "万元",
    "万亿元",
    "万人",
    "人",
    "天",
    "亿美元",
];
const NAMES: &[&str] = &[
    "地区生产总值增速",
    "单位地区生产总值能耗下降",
    "亿元地区生产总值安全事故死亡率",
    "城镇调查失业率",
    "进出口总额",
    "空气质量优良天数",
    "PM2.5平均浓度",
    "全体居民人均可支配收入增速",
];

fn decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        8 => (-100_000i64..100_000, 0u32..4).prop_map(|(m, s)| Decimal::new(m, s)),
        1 => any::<i64>().prop_map(Decimal::from),
        1 => prop_oneof![Just(Decimal::MAX), Just(Decimal::MIN), Just(Decimal::ZERO)],
    ]
}

fn quantity() -> impl Strategy<Value = Quantity> {
    (decimal(), prop::sample::select(UNITS)).prop_map(|(v, u)| Quantity::new(v, u))
}

fn cmp() -> impl Strategy<Value = Cmp> {
    prop::sample::select(vec![Cmp::Gt, Cmp::Ge, Cmp::Lt, Cmp::Le])
}

fn form() -> impl Strategy<Value = Form> {
    prop_oneof![
        any::<Option<String>>().prop_map(|reason| Form::Pending { reason }),
        quantity().prop_map(Form::Value),
        (cmp(), quantity()).prop_map(|(cmp, value)| Form::Bound { cmp, value }),
        (
            prop::sample::select(vec![Approx::About, Approx::Nearly, Approx::MoreThan]),
            quantity()
        )
            .prop_map(|(approx, value)| Form::Approx { approx, value }),
        (quantity(), quantity()).prop_map(|(low, high)| Form::Range { low, high }),
        "[市省国]级?".prop_map(|authority| Form::Delegated { authority }),
        (
            prop::sample::select(vec!["经济增长", "地区生产总值增速", "不存在", ""]),
            prop::sample::select(vec![Relation::InStep, Relation::Above, Relation::NotBelow])
        )
            .prop_map(|(r, relation)| Form::Relative {
                reference: r.to_string(),
                relation,
                margin: None,
            }),
        any::<bool>().prop_map(|met| Form::Outcome { met }),
        Just(Form::Qualitative),
        Just(Form::Unparsed),
    ]
}

fn expr() -> impl Strategy<Value = Expr> {
    (
        ".{0,12}",
        form(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(text, form, strive, estimated, worded_decline)| {
            let mut e = Expr::new(text, form);
            e.strive = strive;
            e.estimated = estimated;
            e.worded_decline = worded_decline;
            e
        })
}

fn kind() -> impl Strategy<Value = IndicatorKind> {
    prop::sample::select(vec![
        IndicatorKind::GrowthRate,
        IndicatorKind::Level,
        IndicatorKind::Share,
        IndicatorKind::Intensity,
    ])
}

fn direction() -> impl Strategy<Value = Option<Direction>> {
    prop::option::of(prop::sample::select(vec![
        Direction::HigherIsBetter,
        Direction::LowerIsBetter,
    ]))
}

fn indicator() -> impl Strategy<Value = PlanIndicator> {
    (
        prop::sample::select(NAMES),
        prop::sample::select(UNITS),
        kind(),
        any::<bool>(),
        direction(),
        expr(),
        prop::option::of(expr()),
    )
        .prop_map(|(name, unit, kind, binding, direction, target, actual)| {
            let mut def = IndicatorDef::new(name, unit);
            def.kind = kind;
            def.binding = binding;
            def.direction = direction;
            PlanIndicator {
                seq: 1,
                def,
                target,
                actual,
            }
        })
}

fn rules() -> impl Strategy<Value = Rules> {
    (0i64..30, 50i64..=100, 0i64..30, 100i64..150, any::<bool>()).prop_map(
        |(bp, br, ep, er, strict)| {
            let mut r = Rules::default();
            r.basically_met.rate_points = Decimal::new(bp, 1);
            r.basically_met.level_ratio = Decimal::new(br, 2);
            r.basically_met.binding_strict = strict;
            r.exceeded.rate_points = Decimal::new(ep, 1);
            r.exceeded.level_ratio = Decimal::new(er, 2);
            r
        },
    )
}

fn plan_of(indicators: Vec<PlanIndicator>) -> Plan {
    Plan {
        region: "测试区".into(),
        year: 2023,
        indicators,
    }
}

fn value_indicator(
    kind: IndicatorKind,
    dir: Direction,
    binding: bool,
    t: Decimal,
    a: Decimal,
) -> PlanIndicator {
    let mut def = IndicatorDef::new("某指标", if kind.is_rate_like() { "%" } else { "亿元" });
    def.kind = kind;
    def.direction = Some(dir);
    def.binding = binding;
    PlanIndicator {
        seq: 1,
        def,
        target: Expr::new(t.to_string(), Form::Value(Quantity::bare(t))),
        actual: Some(Expr::new(a.to_string(), Form::Value(Quantity::bare(a)))),
    }
}

fn status(ind: &PlanIndicator, rules: &Rules) -> Status {
    judge_indicator(ind, &plan_of(vec![ind.clone()]), rules).status
}

fn small() -> impl Strategy<Value = Decimal> {
    (-50_000i64..50_000, 0u32..3).prop_map(|(m, s)| Decimal::new(m, s))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn judging_never_panics_and_always_explains(inds in prop::collection::vec(indicator(), 1..5), rules in rules()) {
        let mut inds = inds;
        for (i, ind) in inds.iter_mut().enumerate() {
            ind.seq = i as u32 + 1;
        }
        let plan = plan_of(inds);
        let js = judge_plan(&plan, &rules);
        prop_assert_eq!(js.len(), plan.indicators.len());
        for j in js {
            prop_assert!(!j.rule.is_empty());
            prop_assert!(!j.explanation.is_empty());
        }
    }

    /// Leaving the explanation out changes nothing else.
    #[test]
    fn verdicts_equal_full_judgements_without_the_sentence(inds in prop::collection::vec(indicator(), 1..6), rules in rules()) {
        let mut inds = inds;
        for (i, ind) in inds.iter_mut().enumerate() {
            ind.seq = i as u32 + 1;
        }
        let plan = plan_of(inds);
        let verdicts = judge_plan_verdicts(&plan, &rules);
        for (mut full, verdict) in judge_plan(&plan, &rules).into_iter().zip(verdicts) {
            prop_assert!(verdict.explanation.is_empty(), "{:?}", verdict);
            full.explanation.clear();
            prop_assert_eq!(full, verdict);
        }
    }

    #[test]
    fn higher_is_better_is_monotone(
        kind in kind(), binding in any::<bool>(), rules in rules(),
        t in small(), a in small(), step in small(),
    ) {
        let b = a + step.abs();
        let lo = status(&value_indicator(kind, Direction::HigherIsBetter, binding, t, a), &rules);
        let hi = status(&value_indicator(kind, Direction::HigherIsBetter, binding, t, b), &rules);
        prop_assert!(lo.rank().is_some() && hi.rank().is_some(), "{:?} {:?}", lo, hi);
        prop_assert!(hi.rank() >= lo.rank(), "t={} a={} → {:?}, b={} → {:?}", t, a, lo, b, hi);
    }

    #[test]
    fn lower_is_better_is_monotone(
        kind in kind(), binding in any::<bool>(), rules in rules(),
        t in small(), a in small(), step in small(),
    ) {
        let b = a + step.abs();
        let lo = status(&value_indicator(kind, Direction::LowerIsBetter, binding, t, a), &rules);
        let hi = status(&value_indicator(kind, Direction::LowerIsBetter, binding, t, b), &rules);
        prop_assert!(lo.rank() >= hi.rank(), "t={} a={} → {:?}, b={} → {:?}", t, a, lo, b, hi);
    }

    /// A decided bound actual never claims more than the value at its bound would get.
    #[test]
    fn decided_bound_actual_agrees_with_the_value_at_the_bound(
        kind in kind(), dir in prop::sample::select(vec![Direction::HigherIsBetter, Direction::LowerIsBetter]),
        cmp in prop::sample::select(vec![Cmp::Ge, Cmp::Le]),
        t in small(), a in small(), rules in rules(),
    ) {
        let point = value_indicator(kind, dir, false, t, a);
        let mut bounded = point.clone();
        bounded.actual = Some(Expr::new("x", Form::Bound { cmp, value: Quantity::bare(a) }));
        let at_value = status(&point, &rules);
        let with_bound = status(&bounded, &rules);
        if with_bound != Status::Undecidable {
            prop_assert_eq!(with_bound, at_value);
        }
    }

    #[test]
    fn rules_reader_never_panics(text in ".{0,200}") {
        let _ = Rules::from_toml_str(&text);
    }

    #[test]
    fn rules_reader_never_panics_on_near_valid_toml(
        section in prop::sample::select(vec!["basically_met", "exceeded", "approx", "direction", "relative", "x"]),
        key in "[a-z_]{1,15}", value in prop::sample::select(vec!["1", "-1", "0.5", "\"abc\"", "[1]", "true", "{a=1}", "1e400"]),
    ) {
        let text = format!("[{section}]\n{key} = {value}\n");
        if let Err(e) = Rules::from_toml_str(&text) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn diff_never_panics_and_self_diff_is_empty(inds in prop::collection::vec(indicator(), 0..6), other in prop::collection::vec(indicator(), 0..6)) {
        let a = plan_of(inds);
        let b = plan_of(other);
        prop_assert!(diff_plans(&a, &a).is_empty());
        for c in diff_plans(&a, &b) {
            prop_assert!(!c.description().is_empty());
        }
    }

    #[test]
    fn similarity_is_symmetric_and_bounded(a in ".{0,20}", b in ".{0,20}") {
        let s = similarity(&a, &b);
        prop_assert!((0.0..=1.0).contains(&s));
        prop_assert!((s - similarity(&b, &a)).abs() < 1e-12);
    }

    #[test]
    fn every_rule_has_a_name_and_english_judges_the_same(inds in prop::collection::vec(indicator(), 1..5), rules in rules()) {
        let plan = plan_of(inds);
        let zh = judge_plan(&plan, &rules);
        let en = judge_plan_in(&plan, &rules, Lang::En);
        let known = rule_ids();
        for (z, e) in zh.iter().zip(&en) {
            prop_assert_eq!((z.status, &z.rule, z.direction), (e.status, &e.rule, e.direction));
            prop_assert!(known.contains(&z.rule), "rule {} is not listed", z.rule);
            prop_assert!(rule_name(&z.rule, Lang::Zh).is_some(), "no name for {}", z.rule);
            prop_assert!(rule_name(&z.rule, Lang::En).is_some(), "no name for {}", z.rule);
            prop_assert!(!e.explanation.is_empty());
        }
    }
}
