# score.awk - append a `score` column to pm-synth | pm-features output: the
# true response probability of pm-synth's generative model (synth_logit in
# common/synth.c), so that the benchmarks of the evaluation tools have a
# realistic scored file without depending on pm-fit and pm-predict.
# Columns are found by name.  Scores are written with 17 significant digits,
# as many as pm-predict's shortest round-trip output needs at most.
BEGIN {
    FS = OFS = "\t"
    split("Software Manufacturing Healthcare Finance Retail Education Logistics Energy", ind, " ")
    split("0.175 0 0.075 0.125 -0.1 -0.05 0.025 -0.025", ind_eff, " ")
    for (i = 1; i <= 8; i++) industry[ind[i]] = ind_eff[i]
    region["AMER"] = 0.05; region["EMEA"] = 0; region["APAC"] = -0.05; region["LATAM"] = -0.1
}
NR == 1 {
    for (i = 1; i <= NF; i++) c[$i] = i
    print $0, "score"
    next
}
{
    size = $c["company_size"]; visits = $c["website_visits_30d"]
    logit = -1.46 - 1.5 * (visits == 0) + 0.45 * ($c["contract_remaining_months"] <= 3) \
        + 0.25 * (visits >= 5) + 0.15 * (size >= 800) \
        + 0.1 * log($c["annual_revenue"] / size / 180000) + 0.02 * $c["email_opens_30d"] \
        - 0.025 * $c["support_tickets_90d"] + industry[$c["industry"]] + region[$c["region"]]
    printf "%s\t%.17g\n", $0, 1 / (1 + exp(-logit))
}
