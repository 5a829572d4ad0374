use std::time::Instant;
fn main() {
    let items = ["6.5以上","6.7","-2.3","≤0.021","市级下达","完成市级\n下达目标","市级暂未反馈","310天以上","增长6.7%","下降2.3%","同比增长8.7%","1744亿元","达1万亿元","1650亿元左右","约9.3亿元","1.5万余次","控制在5.5%以内","5%~6%","以国家和广东省下达为准","与经济增长保持同步","稳中提质","保持基本稳定","待省反馈","—","６．５％以上","力争增长8%以上","6.7（预计）","地区生产总值增长6%以上","增长26万左右,年末户籍人口800万左右"];
    for t in items {
        let n = 20000;
        let start = Instant::now();
        for _ in 0..n { std::hint::black_box(planwatch_text::parse_expr(std::hint::black_box(t))); }
        println!("{:>8.0} ns  {t}", start.elapsed().as_nanos() as f64 / n as f64);
    }
}
