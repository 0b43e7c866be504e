// Word lists for the demo ISP: people, companies, streets and towns that read naturally in a training session.
// All e-mail addresses use the reserved example.* domains; phone numbers are random (fictional).

export const FIRST_NAMES = [
  'Anna', 'Peter', 'Maria', 'John', 'Eva', 'Thomas', 'Lucy', 'Martin', 'Sarah', 'David', 'Jana', 'Paul', 'Laura', 'Michael',
  'Sophie', 'Daniel', 'Emma', 'James', 'Olivia', 'Robert', 'Clara', 'Jakub', 'Hannah', 'Lukas', 'Nina', 'George', 'Alice',
  'Victor', 'Helen', 'Oscar', 'Irene', 'Samuel', 'Grace', 'Adam', 'Julia', 'Tobias', 'Marek', 'Petra', 'Ivan', 'Zoe',
] as const;

export const LAST_NAMES = [
  'Smith', 'Novak', 'Miller', 'Horvath', 'Brown', 'Kowalski', 'Wilson', 'Svoboda', 'Taylor', 'Dvorak', 'Clark', 'Fischer',
  'Walker', 'Schneider', 'Hall', 'Cerny', 'Young', 'Weber', 'King', 'Prochazka', 'Wright', 'Kral', 'Green', 'Becker',
  'Baker', 'Marek', 'Adams', 'Hoffmann', 'Nelson', 'Pospisil', 'Carter', 'Wagner', 'Mitchell', 'Kolar', 'Turner', 'Jelinek',
  'Parker', 'Ruzicka', 'Evans', 'Bauer',
] as const;

export const COMPANY_WORDS = [
  'Riverside', 'Hilltop', 'Northgate', 'Oakwood', 'Sunrise', 'Bluebird', 'Granite', 'Maple', 'Harbor', 'Meadow', 'Summit',
  'Silverline', 'Greenfield', 'Redbrick', 'Lakeside', 'Stonebridge',
] as const;

export const COMPANY_KINDS = [
  'Bakery', 'Dental Clinic', 'Auto Repair', 'Pharmacy', 'Law Office', 'Cafe', 'Hotel', 'Logistics', 'Print Shop', 'Veterinary',
  'Bookshop', 'Fitness', 'Architects', 'Florist', 'Garage', 'Accounting',
] as const;

export const COMPANY_SUFFIXES = ['Ltd', 'Inc.', 's.r.o.', 'GmbH', '& Co.', 'LLC'] as const;

export const STREETS = [
  'Main Street', 'Station Road', 'Church Lane', 'Mill Road', 'Park Avenue', 'Oak Street', 'Garden Row', 'Bridge Street',
  'High Street', 'Elm Close', 'Castle Hill', 'Orchard Way', 'River Walk', 'School Lane', 'Market Square', 'Willow Drive',
  'Forest Road', 'Lake View', 'Cedar Court', 'Kingsway',
] as const;

/** Towns with a centre (lat, lon) the service geolocation scatters around. */
export const TOWNS = [
  { name: 'Millbrook', zip: '11000', lat: 50.075, lon: 14.437 },
  { name: 'Eastwick', zip: '11800', lat: 50.088, lon: 14.403 },
  { name: 'Northfield', zip: '18200', lat: 50.123, lon: 14.49 },
  { name: 'Riverton', zip: '25101', lat: 49.99, lon: 14.66 },
  { name: 'Greenvale', zip: '26601', lat: 49.96, lon: 14.07 },
  { name: 'Hillcrest', zip: '27201', lat: 50.14, lon: 14.1 },
] as const;

export const ASCII = (s: string): string => s.normalize('NFD').replace(/[^A-Za-z0-9]/g, '').toLowerCase();
