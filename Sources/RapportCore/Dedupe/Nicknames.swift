/// Given names that are the same name for matching: short forms (Bill, Peggy, Paco) and the forms
/// a name takes in neighbouring languages (John, Jean, Juan, Johannes, Hans).
///
/// Forms that live on as names of their own (Liam, Ian, Sandra, Lisa, Jürgen beside Georg) are left
/// out: two colleagues called Jürgen and Jörg Krüger are two people, not a typo.
///
/// Each line is a group, its first entry the formal name that stands for the group in blocking keys.
/// A name may belong to several groups (Al: Alexander, Albert, Alfred, Alan). Entries are folded
/// (lower case, no accents) because names are compared folded.
public enum Nicknames {
    /// Whether two folded given names share a group (or are equal).
    public static func related(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        guard let ga = groups[a], let gb = groups[b] else { return false }
        return !Set(ga).isDisjoint(with: gb)
    }

    /// The formal names a folded given name stands for, at most four; the name itself when it is in no group.
    public static func canonical(_ name: String) -> [String] {
        guard let indexes = groups[name] else { return [name] }
        return indexes.prefix(4).map { table[$0][0] }
    }

    /// Folded name → indexes of its groups in `table`.
    static let groups: [String: [Int]] = {
        var result: [String: [Int]] = [:]
        for (index, group) in table.enumerated() {
            for name in group where result[name]?.contains(index) != true { result[name, default: []].append(index) }
        }
        return result
    }()

    static let table: [[String]] = source.split(separator: "\n").map { line in
        line.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }.filter { $0.count > 1 }

    /// English given names and their short forms first, then French, German, Spanish and Italian forms.
    static let source = """
        william, bill, billy, will, willy, willie, wilhelm, willi, willem, guillaume, guillermo, guglielmo, memo
        robert, bob, bobby, rob, robbie, robby, bert, roberto, beto, robrecht
        richard, rick, ricky, dick, rich, richie, rico, ricardo, riccardo
        james, jim, jimmy, jamie, jem, jacques, jaime, giacomo
        john, jack, johnny, jon, jean, jeannot, juan, juanito, johann, johannes, hans, hannes, giovanni, gianni
        jonathan, jon, jonny, jonty, jonathon
        joseph, joe, joey, jose, pepe, chema, giuseppe, beppe, josef, sepp, jupp, jozef, joep
        michael, mike, mikey, mick, mickey, michel, miguel, michele, mikael, mikhail, misha, micha
        thomas, tom, tommy, tomas, tommaso, thom
        christopher, chris, kit, topher, christoph, cristobal, kristof, christophe
        charles, charlie, chuck, chas, chaz, karl, carl, carlos, carlo, charly
        edward, ed, eddie, eddy, ted, teddy, ned, eduardo, edoardo, eduard, edouard, lalo
        elizabeth, liz, lizzie, lizzy, beth, betsy, betty, bette, eliza, libby, bess, bessie, elisabeth, elisabetta, liesel, lise, elspeth, babette
        margaret, peggy, maggie, meg, marge, margie, gretchen, grete, margarete, marguerite, margarita, margherita, madge
        katherine, catherine, kathryn, katharine, kate, katie, katy, kathy, cathy, kat, kitty, kay, katharina, katrin, catalina, caterina, kathi, katja, catarina
        patricia, pat, patty, patsy, trish, tricia, tish
        patrick, pat, paddy, patrice, patricio, patrizio
        alexander, alex, al, alec, sandy, xander, sasha, sascha, alexandre, alejandro, alessandro, sander, sandro
        alexandra, alex, alexa, lexi, lexie, sandy, sasha, alejandra, alessandra
        andrew, andy, drew, andre, andreas, andres, andrei, andi, dede
        anthony, tony, antoine, anton, antonio, toni, tono, antonin, antony
        benjamin, ben, benny, benji
        daniel, dan, danny, dani
        david, dave, davey, davy, davide
        donald, don, donny, donnie
        douglas, doug, dougie
        frederick, fred, freddie, freddy, fritz, friedrich, frederic, federico, fede, frederik
        henry, harry, hank, hal, henri, heinrich, heinz, enrique, enrico, quique, kike, hendrik, henk
        harold, harry, hal
        jacob, jake, jakob, jacobo, jaap, kuba, jakub
        jennifer, jen, jenny, jenn
        jessica, jess, jessie
        joshua, josh
        kenneth, ken, kenny
        lawrence, laurence, larry, laurie, lorenzo, laurent
        leonard, leo, len, lenny, leonardo, leonhard
        nicholas, nick, nicky, nico, nicolas, niklas, nikolaus, klaus, claus, nicola, nicolo
        peter, pete, pierre, pedro, pietro, piet, pieter, petr, piotr
        philip, phillip, phil, philippe, felipe, filippo, philipp, pip
        raymond, ray, raimundo, raymund
        ronald, ron, ronnie, ronny
        samuel, sam, sammy
        samantha, sam, sammy, sammie
        stephen, steven, steve, stevie, stephan, stefan, stephane, esteban, stefano
        timothy, tim, timmy, timo, timothee
        walter, walt, wally, walther, gualtiero
        zachary, zach, zack, zak
        abigail, abby, abbie, gail
        barbara, barb, barbie, babs
        deborah, debra, deb, debbie, debby
        dorothy, dot, dottie, dolly, dorothea
        eleanor, elinor, ellie, nell, nellie, elle, leonor, eleonora, eleonore
        frances, fran, frannie, francesca, francoise, franziska, francisca, paquita, fanny
        francis, frank, frankie, fran, francois, francisco, paco, pancho, curro, francesco, franz, frans, franciszek
        franklin, frank, frankie
        gerald, gerry, jerry
        gerard, gerhard, gerd, gerardo, gerry
        jeffrey, geoffrey, jeff, geoff
        jerome, jerry
        judith, judy, judi
        kimberly, kimberley, kim
        mary, molly, polly, mae, mamie, marie, maria, mari
        pamela, pam, pammy
        rebecca, becky, becca, bex, rebekah
        susan, suzanne, sue, susie, suzy, susanne, susanna, susana, susi
        theodore, ted, teddy, theo, theodor, teodoro
        victoria, vicky, vicki, tori
        virginia, ginny, ginger
        albert, al, bert, bertie, alberto, beto
        alfred, al, alf, alfie, fred, alfredo
        alan, allan, allen, al, alain
        arthur, art, artie, arturo, artur
        bradley, brad
        cameron, cam
        christine, christina, chris, tina, chrissy, kristina, kristin, christiane, cristina
        christian, chris, christiaan, cristian, kristian
        cynthia, cindy
        dominic, dominick, dom, dominik, dominique, domenico, domingo
        eugene, gene, eugen, eugenio
        gabriel, gabe, gabriele
        gabrielle, gabriella, gabby, gaby, gabi
        isabel, isabella, isabelle, izzy, bella, isa, belle, chabela
        jacqueline, jackie, jacky, jacquie
        josephine, jo, josie, josefina, josefa, giuseppina, pepita
        lucas, luke, luc, lukas, luca, luka
        madeline, madeleine, maddy, maddie, madelyn, magdalena, magda
        melissa, mel, missy, lissa
        melanie, mel
        nathaniel, nate, nat
        nathan, nate, nat
        oliver, ollie, olly, olivier, oliviero
        russell, russ
        sebastian, seb, sebastien, sebastiano, basti, bastian, sebas
        stanley, stan
        terence, terrence, terry
        tobias, toby, tobi
        vincent, vince, vinny, vinnie, vincenzo, vicente, vinzenz
        olivia, livvy
        amanda, mandy
        angela, angie, angelika, angele
        caroline, carolyn, carrie, caro, carolina, karoline
        charlotte, charlie, lottie, lotte, lotta, carlota, carlotta
        emily, em, emmy, emilie, emilia
        emma, em, emmy
        evelyn, evie
        harriet, hattie, hatty
        joanna, joanne, jo, johanna, juana, giovanna, jeanne, jeanette
        lillian, lily, lil, lilian, lilly
        louise, louisa, lou, lulu, luisa, luise
        louis, lou, luis, luigi, ludwig, lutz, lewis, ludovic, luiz
        lucy, lucille, lucia, lucie
        natalie, natalia, natasha, nat, talia, nathalie, tasha
        sarah, sally, sadie, sara, sarita
        sophia, sophie, sofia, sofie, zofia
        stephanie, steph, stephie, steffi, stefanie, fanny
        valerie, val, valeria
        veronica, ronnie, nicky, vero, veronika, veronique
        george, georges, jorge, giorgio, georg, georgie
        emmanuel, manny, manu, emanuele, immanuel
        manuel, manolo, manu
        emmanuelle, manu
        ignacio, nacho, ignatius, ignazio, inaki
        dolores, lola, lolita
        guadalupe, lupe, lupita
        concepcion, concha, conchita
        rosario, charo
        pilar, pili
        jesus, chus, chuy, chucho
        rafael, rafa, raffaele, raphael
        fernando, nando, ferdinand, ferdinando, hernando
        santiago, santi
        teresa, theresa, tere, resi, terri, tessa, tess, therese
        consuelo, chelo
        konrad, conrad, kurt, curt
        ulrich, uli, ulli
        bernhard, bernard, bernd, bernardo, bernie
        wolfgang, wolf, wolfi
        matthew, matt, matty, matthias, mathias, matthieu, mathieu, mateo, matteo, matthijs, thijs, mattias
        martin, marty, martino
        maximilian, max, maxi, maxime, maximiliano, maximilien, massimo
        anne, ann, anna, ana, annie, anja, anya, ania
        helen, helena, helene, elena
        janet, jan, janette
        edith, edie
        gertrude, gertie, trudy, trude, gertrud
        agnes, aggie, agnieszka, agnese
        cecilia, cecily, cissy, cecile, cecilie
        clara, claire, klara, clare, chiara
        julia, julie, jules, giulia
        julian, jules, julien, giuliano
        """
}
