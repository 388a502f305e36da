/**
 * Words that passwords found in breaches are most often built on, and words from this service's own
 * context, kept as data. A password that is one of these, or two of them together, with only digits
 * and symbols besides (letters swapped for look-alike digits read back as letters), is refused. Lower
 * case, letters only. Add to it freely: it is read once, into a set.
 */
export const COMMON_PASSWORD_WORDS: readonly string[] = `
password passwords passw passwd pass word letmein welcome welcomeback hello hellothere iloveyou loveyou
love lover lovers admin administrator root user guest login logon signin secret secure security private
changeme change default master masterkey access trustno trust nobody qwerty qwertyuiop asdf asdfgh
asdfghjkl zxcvbn zxcvbnm qazwsx qwe abc abcd abcdef abcdefg abcdefgh monkey dragon dragons shadow
sunshine princess prince football soccer baseball basketball hockey cricket rugby golf tennis
superman batman spiderman starwars pokemon naruto ninja killer hunter ranger warrior tiger lion
eagle falcon hawk wolf fox bear dog dogs puppy cat cats kitty kitten pussy horse horses donkey
michael michelle jennifer jessica ashley amanda daniel david james john robert thomas william
charlie jordan joshua matthew andrew anthony justin taylor hannah sophie emily olivia jack harry
george oliver jacob thomas chloe lucy megan lauren rebecca sarah laura emma amy
summer winter spring autumn january february march april may june july august september october
november december monday tuesday wednesday thursday friday saturday sunday morning evening
flower flowers rose roses daisy lily orange apple banana cherry lemon peach strawberry chocolate
cookie cookies cheese pepper ginger honey sugar sweet sweetie sweetheart baby babygirl babyboy
angel angels heaven hell god jesus christ blessed faith hope charity freedom liberty justice
london england britain british scotland wales ireland manchester liverpool chelsea arsenal united
city leeds newcastle everton tottenham celtic rangers
computer internet google yahoo facebook twitter instagram linkedin microsoft windows apple
samsung iphone android mobile phone laptop server network office work job
money cash rich gold silver diamond dollar pound euro
music guitar piano rock metal dance party happy smile funny crazy cool awesome amazing
magic wizard dream dreams star stars moon sun sky blue red green yellow purple black white pink
house home family friend friends mother father mum mam mummy mommy dad daddy sister brother
nana grandma grandad
test tester testing temp temporary demo sample example system systems
council councils county borough social socialwork socialworker services service children child
childrens family families safeguarding mash marac idva wraparound nhs police health housing
school schools teacher nurse doctor care carer
whatever nothing something anything everything forever always never
qwerty123 abc123 passw0rd letmein123
`
  .split(/\s+/)
  .filter(Boolean);
