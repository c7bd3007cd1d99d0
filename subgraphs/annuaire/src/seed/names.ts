import type { Random } from './random.js';

export type Gender = 'F' | 'M';

/** Whether a first name should sound like a pupil's (born 2005–2023) or an adult's (born 1960–1995). */
export type Generation = 'child' | 'adult';

// Fictitious people: common French first names by generation and common surnames of France,
// drawn uniformly. Sizes are a balance: large enough that a class rarely has two identical names,
// small enough to read.
const CHILD_FIRST_NAMES: Record<Gender, readonly string[]> = {
  F: [
    'Léa', 'Emma', 'Jade', 'Louise', 'Alice', 'Chloé', 'Lina', 'Rose', 'Anna', 'Mila', 'Julia', 'Inès',
    'Ambre', 'Mia', 'Léna', 'Manon', 'Juliette', 'Lou', 'Zoé', 'Camille', 'Agathe', 'Sarah', 'Eva', 'Romane',
    'Jeanne', 'Nina', 'Lucie', 'Clara', 'Iris', 'Adèle', 'Victoire', 'Margaux', 'Louna', 'Charlotte', 'Sofia',
    'Maëlys', 'Lola', 'Capucine', 'Yasmine', 'Aya', 'Maryam', 'Léonie', 'Élise', 'Héloïse', 'Apolline',
    'Clémence', 'Gabrielle', 'Mathilde', 'Anaïs', 'Océane', 'Salomé', 'Elsa', 'Alix', 'Lisa', 'Noémie',
    'Pauline', 'Marie', 'Constance', 'Diane', 'Assia', 'Fatoumata', 'Lya', 'Emy', 'Thaïs', 'Joséphine',
    'Garance', 'Nour', 'Hana', 'Kenza', 'Soline',
  ],
  M: [
    'Gabriel', 'Léo', 'Raphaël', 'Louis', 'Arthur', 'Jules', 'Adam', 'Maël', 'Lucas', 'Hugo', 'Noah', 'Liam',
    'Sacha', 'Paul', 'Nathan', 'Gabin', 'Ethan', 'Aaron', 'Tom', 'Théo', 'Mohamed', 'Nolan', 'Timéo', 'Noé',
    'Martin', 'Victor', 'Axel', 'Léon', 'Eden', 'Mathis', 'Enzo', 'Samuel', 'Isaac', 'Marius', 'Côme',
    'Baptiste', 'Antoine', 'Maxime', 'Clément', 'Alexandre', 'Thomas', 'Yanis', 'Rayan', 'Ibrahim', 'Elias',
    'Naël', 'Amir', 'Ismaël', 'Malo', 'Robin', 'Valentin', 'Oscar', 'Augustin', 'Simon', 'Mathéo', 'Evan',
    'Kylian', 'Ilyes', 'Youssef', 'Moussa', 'Félix', 'Achille', 'Joseph', 'Pierre', 'Nino', 'Soan', 'Lenny',
    'Ayoub', 'Titouan', 'Milo',
  ],
};

const ADULT_FIRST_NAMES: Record<Gender, readonly string[]> = {
  F: [
    'Nathalie', 'Isabelle', 'Sylvie', 'Catherine', 'Stéphanie', 'Céline', 'Sandrine', 'Valérie', 'Virginie',
    'Aurélie', 'Sophie', 'Émilie', 'Julie', 'Caroline', 'Laetitia', 'Séverine', 'Christelle', 'Karine',
    'Audrey', 'Élodie', 'Delphine', 'Anne', 'Hélène', 'Marie', 'Claire', 'Mélanie', 'Vanessa', 'Amandine',
    'Laure', 'Cécile', 'Fatima', 'Nadia', 'Samira', 'Leïla', 'Sonia', 'Myriam', 'Carole', 'Florence',
    'Agnès', 'Véronique', 'Estelle', 'Camille', 'Charlotte', 'Pauline', 'Marion', 'Anne-Sophie', 'Marie-Laure',
    'Emmanuelle', 'Patricia', 'Corinne', 'Aïcha', 'Malika', 'Linh', 'Ana', 'Béatrice', 'Gaëlle', 'Ingrid',
    'Juliette', 'Alexandra', 'Magali',
  ],
  M: [
    'Nicolas', 'Stéphane', 'Christophe', 'Sébastien', 'Frédéric', 'Laurent', 'Julien', 'David', 'Olivier',
    'Éric', 'Philippe', 'Thierry', 'Jérôme', 'Vincent', 'Cédric', 'François', 'Pierre', 'Guillaume', 'Arnaud',
    'Fabrice', 'Mathieu', 'Benoît', 'Romain', 'Alexandre', 'Xavier', 'Yann', 'Karim', 'Mehdi', 'Samir',
    'Rachid', 'Mohamed', 'Franck', 'Emmanuel', 'Patrice', 'Bruno', 'Hervé', 'Damien', 'Grégory', 'Jean-Luc',
    'Jean-Pierre', 'Anthony', 'Ludovic', 'Yannick', 'Sylvain', 'Thomas', 'Antoine', 'Matthieu', 'Loïc',
    'Mamadou', 'Hakim', 'Minh', 'João', 'Gilles', 'Pascal', 'Raphaël', 'Marc', 'Jean-Baptiste', 'Didier',
    'Florian', 'Kevin',
  ],
};

export const LAST_NAMES: readonly string[] = [
  'Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent',
  'Simon', 'Michel', 'Lefebvre', 'Leroy', 'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard',
  'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Muller', 'Lefèvre', 'Faure', 'André',
  'Mercier', 'Blanc', 'Guérin', 'Boyer', 'Garnier', 'Chevalier', 'François', 'Legrand', 'Gauthier', 'Garcia',
  'Perrin', 'Robin', 'Clément', 'Morin', 'Nicolas', 'Henry', 'Roussel', 'Mathieu', 'Gautier', 'Masson',
  'Marchand', 'Duval', 'Denis', 'Dumont', 'Marie', 'Lemaire', 'Noël', 'Meyer', 'Dufour', 'Meunier',
  'Brun', 'Blanchard', 'Giraud', 'Joly', 'Rivière', 'Lucas', 'Brunet', 'Gaillard', 'Barbier', 'Arnaud',
  'Martinez', 'Gérard', 'Roche', 'Renard', 'Schmitt', 'Roy', 'Leroux', 'Colin', 'Vidal', 'Caron',
  'Picard', 'Roger', 'Fabre', 'Aubert', 'Lemoine', 'Renaud', 'Dumas', 'Lacroix', 'Olivier', 'Philippe',
  'Bourgeois', 'Pierre', 'Benoît', 'Rey', 'Leclerc', 'Payet', 'Rolland', 'Leclercq', 'Guillaume', 'Lecomte',
  'Lopez', 'Jean', 'Dupuy', 'Guillot', 'Hubert', 'Berger', 'Carpentier', 'Sanchez', 'Dupuis', 'Moulin',
  'Louis', 'Deschamps', 'Huet', 'Vasseur', 'Perez', 'Boucher', 'Fleury', 'Royer', 'Klein', 'Jacquet',
  'Adam', 'Paris', 'Poirier', 'Marty', 'Aubry', 'Guyot', 'Carré', 'Charles', 'Renault', 'Charpentier',
  'Ménard', 'Maillard', 'Baron', 'Bertin', 'Bailly', 'Hervé', 'Schneider', 'Fernandez', 'Le Gall', 'Collet',
  'Léger', 'Bouvier', 'Julien', 'Prévost', 'Millet', 'Perrot', 'Daniel', 'Le Roux', 'Cousin', 'Germain',
  'Breton', 'Besson', 'Langlois', 'Rémy', 'Le Goff', 'Pelletier', 'Lévêque', 'Perrier', 'Leblanc', 'Barré',
  'Lebrun', 'Marchal', 'Weber', 'Mallet', 'Hamon', 'Boulanger', 'Jacob', 'Monnier', 'Michaud', 'Rodriguez',
  'Guichard', 'Gillet', 'Étienne', 'Grondin', 'Poulain', 'Tessier', 'Chevallier', 'Collin', 'Chauvin', 'Da Silva',
  'Bouchet', 'Gay', 'Lemaître', 'Bénard', 'Maréchal', 'Humbert', 'Reynaud', 'Antoine', 'Hoarau', 'Perret',
  'Barthélemy', 'Cordier', 'Pichon', 'Lejeune', 'Gilbert', 'Lamy', 'Delaunay', 'Pasquier', 'Carlier', 'Laporte',
  'Nguyen', 'Tran', 'Diallo', 'Traoré', 'Haddad', 'Benali', 'Mansouri', 'Cherif', 'Kone', 'N’Diaye',
  'Ferreira', 'Pereira', 'Dos Santos', 'Rossi', 'Cohen', 'Lévy', 'Yilmaz', 'Camara', 'Bensaïd', 'Zhang',
];

export function firstNames(generation: Generation, gender: Gender): readonly string[] {
  return generation === 'child' ? CHILD_FIRST_NAMES[gender] : ADULT_FIRST_NAMES[gender];
}

export interface PersonName {
  firstName: string;
  lastName: string;
  gender: Gender;
}

export function randomName(random: Random, generation: Generation, options: { gender?: Gender; lastName?: string } = {}): PersonName {
  const gender = options.gender ?? (random.chance(0.5) ? 'F' : 'M');
  return {
    firstName: random.pick(firstNames(generation, gender)),
    lastName: options.lastName ?? random.pick(LAST_NAMES),
    gender,
  };
}

/**
 * The login a person would get before any collision: `prenom.nom`, lower-case ASCII, accents stripped,
 * spaces as hyphens (« Da Silva » → da-silva), apostrophes dropped (« N’Diaye » → ndiaye).
 */
export function loginBaseOf(firstName: string, lastName: string): string {
  return `${asciiLoginPart(firstName)}.${asciiLoginPart(lastName)}`;
}

function asciiLoginPart(text: string): string {
  return text
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’]/g, '')
    .replace(/[\s_]+/g, '-')
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}
