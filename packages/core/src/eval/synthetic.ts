/**
 * Synthetic but realistic company-wiki text for the retrieval benchmark: documents about topics (leave,
 * expenses, security, …), each with a title, sections under headings, and sentences built from a shared
 * vocabulary plus the topic's own words, with Zipfian word frequencies (a few words very common, a long tail
 * rare), as in real text. Deterministic for a seed. Not random vectors: the embedder, the full-text index
 * and the vector index all see text with realistic term statistics and topical clusters.
 */

/** mulberry32: small, fast, seedable. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// One topic a line, kept as the table it is.
// prettier-ignore
const TOPICS: Record<string, string[]> = {
  leave: ["leave", "holiday", "annual", "parental", "maternity", "paternity", "sick", "absence", "carry", "entitlement", "calendar", "approval", "unpaid", "sabbatical", "bereavement", "days"],
  expenses: ["expense", "receipt", "reimbursement", "mileage", "per-diem", "travel", "hotel", "flight", "claim", "card", "limit", "finance", "invoice", "currency", "meal", "taxi"],
  security: ["password", "vpn", "phishing", "laptop", "encryption", "mfa", "token", "incident", "breach", "access", "badge", "firewall", "patch", "device", "credential", "audit"],
  onboarding: ["onboarding", "buddy", "induction", "welcome", "checklist", "equipment", "account", "orientation", "mentor", "probation", "contract", "starter", "training", "desk", "handbook", "first-week"],
  engineering: ["deploy", "release", "pipeline", "repository", "review", "staging", "production", "rollback", "incident", "on-call", "service", "latency", "database", "migration", "feature-flag", "postmortem"],
  payroll: ["salary", "payslip", "pension", "bonus", "tax", "overtime", "deduction", "payday", "bank", "allowance", "raise", "equity", "benefits", "insurance", "p60", "contribution"],
  facilities: ["office", "parking", "kitchen", "meeting-room", "booking", "cleaning", "visitor", "reception", "printer", "locker", "bike", "shower", "floor", "heating", "wifi", "badge"],
  sales: ["customer", "quote", "discount", "crm", "pipeline", "forecast", "renewal", "contract", "lead", "territory", "commission", "demo", "pricing", "partner", "churn", "quota"],
  legal: ["contract", "nda", "gdpr", "privacy", "retention", "compliance", "policy", "signature", "liability", "consent", "subprocessor", "dpa", "clause", "trademark", "licence", "dispute"],
  support: ["ticket", "escalation", "sla", "priority", "customer", "queue", "macro", "refund", "outage", "status-page", "handover", "triage", "knowledge-base", "survey", "chat", "response"],
  hiring: ["candidate", "interview", "offer", "recruiter", "referral", "job", "scorecard", "panel", "background-check", "headcount", "sourcing", "onsite", "feedback", "reference", "salary-band", "role"],
  it: ["ticket", "helpdesk", "software", "licence", "install", "monitor", "keyboard", "email", "calendar", "sso", "printer", "backup", "reset", "admin", "request", "hardware"],
};

const COMMON = [
  "the",
  "a",
  "to",
  "of",
  "and",
  "in",
  "for",
  "is",
  "you",
  "your",
  "on",
  "with",
  "be",
  "are",
  "or",
  "this",
  "by",
  "we",
  "must",
  "can",
  "should",
  "at",
  "from",
  "if",
  "team",
  "manager",
  "employee",
  "company",
  "policy",
  "process",
  "request",
  "form",
  "portal",
  "please",
  "each",
  "within",
  "before",
  "after",
  "days",
  "week",
  "month",
  "year",
  "hr",
  "approve",
  "submit",
  "contact",
  "email",
  "page",
  "note",
  "any",
  "all",
  "new",
  "use",
  "need",
  "may",
  "when",
  "how",
  "time",
  "work",
  "staff",
  "people",
  "rules",
  "guide",
  "update",
  "check",
  "also",
  "standard",
  "local",
  "country",
  "region",
  "office",
  "remote",
  "full-time",
  "part-time",
  "contractor",
  "department",
  "lead",
  "director",
  "record",
  "system",
  "tool",
  "workflow",
  "deadline",
  "exception",
  "eligible",
  "required",
  "optional",
  "notice",
  "written",
  "shared",
];

const HEADINGS = [
  "Overview",
  "Who this applies to",
  "How to request",
  "Approval",
  "Exceptions",
  "Deadlines",
  "Frequently asked questions",
  "Contacts",
  "Examples",
  "Related policies",
  "Tools",
  "Costs",
];

/** Zipf sampler over n ranks (exponent s): rank r has probability ∝ 1 / r^s. */
function zipf(n: number, s: number, rand: () => number): () => number {
  const cdf: number[] = [];
  let sum = 0;
  for (let r = 1; r <= n; r++) cdf.push((sum += 1 / r ** s));
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export interface SyntheticDoc {
  externalId: string;
  title: string;
  /** Markdown with `##` sections. */
  text: string;
  topic: string;
}

export interface SyntheticCorpus {
  doc(i: number): SyntheticDoc;
  /** A question-like query about a random topic (same vocabulary as the documents). */
  query(): string;
}

/**
 * `sectionsPerDoc` sections of `wordsPerSection` words each: at the chunker's ~400-token budget one section
 * is one chunk, so a document gives about `sectionsPerDoc` chunks.
 */
export function syntheticCorpus(seed = 42, options: { sectionsPerDoc?: number; wordsPerSection?: number } = {}): SyntheticCorpus {
  const sections = options.sectionsPerDoc ?? 10;
  const words = options.wordsPerSection ?? 160;
  const topics = Object.keys(TOPICS);
  // A long tail of rare words (product names, project code names, people): realistic vocabulary size.
  const tail = Array.from({ length: 5000 }, (_, i) => `${["proj", "svc", "team", "tool", "site"][i % 5]}${(i * 7919) % 100000}`);

  const makeSampler = (seedOffset: number) => {
    const rand = prng(seed + seedOffset);
    const common = zipf(COMMON.length, 1.1, rand);
    const topical = zipf(16, 0.9, rand);
    const rare = zipf(tail.length, 1.05, rand);
    const word = (topic: string) => {
      const x = rand();
      if (x < 0.62) return COMMON[common()]!;
      if (x < 0.9) return TOPICS[topic]![topical()]!;
      if (x < 0.95) return TOPICS[topics[Math.floor(rand() * topics.length)]!]![topical()]!;
      return tail[rare()]!;
    };
    return { rand, word };
  };

  return {
    doc(i) {
      const { rand, word } = makeSampler(1_000_003 * (i + 1));
      const topic = topics[i % topics.length]!;
      const titleWords = [TOPICS[topic]![Math.floor(rand() * 6)]!, word(topic), word(topic)];
      const title = `${titleWords.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(" ")} (${i})`;
      const body: string[] = [];
      for (let s = 0; s < sections; s++) {
        body.push(`## ${HEADINGS[(i + s) % HEADINGS.length]} ${TOPICS[topic]![Math.floor(rand() * 16)]}`);
        const sentences: string[] = [];
        let left = words;
        while (left > 0) {
          const len = Math.min(left, 8 + Math.floor(rand() * 14));
          const w = Array.from({ length: len }, () => word(topic));
          sentences.push(`${w[0]![0]!.toUpperCase()}${w.join(" ").slice(1)}.`);
          left -= len;
        }
        body.push(sentences.join(" "));
      }
      return { externalId: `bench/${topic}/${i}`, title, text: body.join("\n\n"), topic };
    },
    query: (() => {
      const { rand, word } = makeSampler(7);
      const starts = ["how do I", "what is the", "who approves", "where can I find the", "when must I submit", "can I get"];
      return () => {
        const topic = topics[Math.floor(rand() * topics.length)]!;
        const n = 2 + Math.floor(rand() * 3);
        const content = Array.from({ length: n }, () => (rand() < 0.7 ? TOPICS[topic]![Math.floor(rand() * 16)]! : word(topic)));
        return `${starts[Math.floor(rand() * starts.length)]} ${content.join(" ")}`;
      };
    })(),
  };
}
